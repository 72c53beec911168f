-- Documents as they are signed, declines, and the files of the completion pack.

-- content stays the upload as received (its sha256 is the "before" hash of the coversheet);
-- signed_content is the working copy: prepared (fields + certification), then one revision per
-- signer, then sealed. Readers take signed_content when it is there.
alter table document add column signed_content bytea;
alter table document add column signed_sha256 varchar(64);
alter table document add column sealed_at timestamp with time zone;

-- A signer's signature is applied to every document once; the job that does it may run twice.
alter table recipient add column signature_applied_at timestamp with time zone;
alter table recipient add column decline_reason varchar(500);

alter table envelope add column allow_decline boolean not null default false;
alter table envelope add column declined_at timestamp with time zone;

-- Files made for or given to the envelope besides its documents: the signers' attachments, the
-- coversheet and the evidence XML of the completion pack.
create table envelope_file (
    id           uuid primary key,
    envelope_id  uuid not null references envelope (id),
    kind         varchar(16) not null,
    recipient_id uuid references recipient (id),
    tag_id       uuid references tag (id),
    file_name    varchar(255) not null,
    content_type varchar(100) not null,
    sha256       varchar(64) not null,
    content      bytea,
    created_at   timestamp with time zone not null
);
create index envelope_file_envelope on envelope_file (envelope_id);
