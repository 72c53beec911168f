-- Embedded signing (issue 14, reference §4.7). One SQL for both PostgreSQL and H2.

-- envelope.embedded (V1) now says an envelope was made through POST /v2/embedded-envelopes.

-- An embedded signer's token exists from create, but is held until the signer's sign group is
-- reached: the page then says it is not their turn yet and a submit is refused.
alter table signing_token add column held boolean default false not null;

-- Which origins may frame /embedded/sign/{token} (CSP frame-ancestors) and the organisation's
-- branding for the signing pages, per organisation and mode. No row: framing is refused.
create table organisation_embedding (
    organisation_id uuid not null references organisation (id),
    mode            varchar(8) not null,
    allowed_origins varchar(2100) not null,
    branding_json   text,
    updated_at      timestamp with time zone not null,
    primary key (organisation_id, mode)
);
