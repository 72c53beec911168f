-- Witnesses (reference 4.3). A signer whose options ask for a witness gets a second row at create, of type
-- WITNESS, pointing at them through signer_id: it carries the witness tags, so they become fields of the
-- prepared documents like every signer's. The signer names the witness after signing (witness_named_at;
-- until then the row has no person and the API does not show it); the witness confirms they saw the
-- signer sign when they submit (presence_confirmed_at).
alter table recipient add column signer_id uuid references recipient (id) on delete cascade;
alter table recipient add column witness_named_at timestamp with time zone;
alter table recipient add column presence_confirmed_at timestamp with time zone;
create index recipient_signer on recipient (signer_id);
