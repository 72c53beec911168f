-- PDFs are stored as they are, out of line, without PostgreSQL's own compression (TOAST "external").
-- Why: their page content is compressed already, yet signed PDFs also hold long runs of hex (the
-- signature placeholders), so pglz found enough to compress and every write compressed the whole
-- file, every read of it (each signer's signature, the seal, the download) decompressed it: CPU on the
-- busiest path for little space. Applies to values written from now on.
alter table document alter column content set storage external;
alter table document alter column signed_content set storage external;
alter table envelope_file alter column content set storage external;
