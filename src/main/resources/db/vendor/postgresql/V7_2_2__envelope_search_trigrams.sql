-- The portal's search (issue 16): a text anywhere in an envelope's title or in a recipient's name or email,
-- case-insensitive (ILIKE '%text%'). Trigram indexes find the few matching rows of a rare text without
-- reading the organisation's envelopes; a common text is found faster by walking envelope_listing, and the
-- planner chooses. pg_trgm ships with PostgreSQL (contrib) and is a trusted extension since PostgreSQL 13:
-- the database's owner may create it. H2 (embedded mode) has no such index and reads the rows.
create extension if not exists pg_trgm;
create index envelope_name_trgm on envelope using gin (name gin_trgm_ops);
create index recipient_contact_trgm on recipient using gin ((name || ' ' || email) gin_trgm_ops);
