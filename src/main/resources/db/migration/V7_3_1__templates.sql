-- Templates (issue 16, item 3): the documents, roles and options an organisation sends again and
-- again. A template holds no person: its recipients are roles, filled in when an envelope is sent
-- from it. Rows of one organisation and mode, like envelopes. Runs on PostgreSQL and H2 alike.

create table envelope_template (
    id              uuid primary key,
    organisation_id uuid not null references organisation (id),
    mode            varchar(8) not null,
    name            varchar(125) not null,
    options_json    text not null,
    created_at      timestamp with time zone not null
);
create index envelope_template_org on envelope_template (organisation_id, mode, created_at);

create table envelope_template_document (
    template_id uuid not null references envelope_template (id) on delete cascade,
    position    integer not null,
    file_name   varchar(255) not null,
    size_bytes  bigint not null,
    sha256      varchar(64) not null,
    content     bytea not null,
    primary key (template_id, position)
);
