-- The portal's envelope list (issue 16): an organisation's envelopes in one mode, newest first, paged by
-- (created_at, id), with or without one status. Both indexes hand the rows over in that order, so a page
-- reads its 26 rows and stops, at the first envelope as at the 100,000th (bench/README.md, dashboard).
-- envelope_org_created's columns lead envelope_listing, which serves the API's search as well: it goes.
drop index envelope_org_created;
create index envelope_listing on envelope (organisation_id, mode, created_at, id);
create index envelope_listing_status on envelope (organisation_id, mode, status, created_at, id);
