-- Signet's own tables. Camunda keeps its tables (ACT_*) beside these in the same database and
-- shares the transaction manager, so a request that writes here and moves a process commits once.
-- Written to run unchanged on PostgreSQL and on H2 in PostgreSQL mode (embedded mode).

create table organisation (
    id                 uuid primary key,
    name               varchar(200) not null,
    notification_email varchar(320),
    created_at         timestamp with time zone not null
);

-- Only the SHA-256 of a key is kept; keys carry 192 random bits, so a fast hash is enough.
create table api_key (
    id              uuid primary key,
    organisation_id uuid not null references organisation (id),
    mode            varchar(8) not null,
    key_hash        varchar(64) not null unique,
    display_prefix  varchar(24) not null,
    created_at      timestamp with time zone not null,
    revoked_at      timestamp with time zone
);

create table envelope (
    id                   uuid primary key,
    organisation_id      uuid not null references organisation (id),
    mode                 varchar(8) not null,
    name                 varchar(125) not null,
    status               varchar(16) not null,
    embedded             boolean not null default false,
    reminder_frequency   integer not null default 0,
    has_envelope_otps    boolean not null default false,
    autotagging          varchar(16),
    invitation_message   varchar(600),
    reply_to             varchar(320),
    sender_name          varchar(200),
    notify_sender        boolean not null default true,
    notification_url     varchar(2000),
    notification_events  varchar(1000),
    options_json         text not null,
    errors_json          text,
    created_at           timestamp with time zone not null,
    activated_at         timestamp with time zone,
    completed_at         timestamp with time zone,
    archived_at          timestamp with time zone,
    deleted_at           timestamp with time zone
);
create index envelope_org_created on envelope (organisation_id, mode, created_at);

create table document (
    id           uuid primary key,
    envelope_id  uuid not null references envelope (id),
    position     integer not null,
    file_name    varchar(255) not null,
    content_type varchar(100) not null,
    size_bytes   bigint not null,
    sha256       varchar(64) not null,
    page_count   integer,
    content      bytea
);
create index document_envelope on document (envelope_id);

create table recipient (
    id                         uuid primary key,
    envelope_id                uuid not null references envelope (id),
    position                   integer not null,
    type                       varchar(8) not null,
    name                       varchar(100) not null,
    email                      varchar(320) not null,
    role                       varchar(50),
    auth_type                  varchar(16) not null,
    sign_group                 integer,
    active_for_seconds         integer not null,
    time_zone                  varchar(64),
    event_notifications        varchar(200) not null,
    excluded_files             text,
    iso_country_code           varchar(2),
    mobile_number              varchar(32),
    extra_json                 text,
    sign_status                varchar(16) not null,
    signed_at                  timestamp with time zone,
    ip_address                 varchar(64),
    user_agent                 varchar(500),
    invitation_email_queued_at timestamp with time zone,
    last_email_status          varchar(16),
    link_expired               boolean not null default false
);
create index recipient_envelope on recipient (envelope_id);

create table tag (
    id             uuid primary key,
    recipient_id   uuid not null references recipient (id),
    document_id    uuid not null references document (id),
    position       integer not null,
    type           varchar(24) not null,
    name           varchar(50) not null,
    page_number    integer not null,
    x              double precision not null,
    y              double precision not null,
    width          double precision,
    optional       boolean not null,
    tag_group_name varchar(50),
    attributes_json text,
    tag_value      text
);
create index tag_recipient on tag (recipient_id);

-- 128 random bits per token; the token travels only in the signing link, we keep its SHA-256.
create table signing_token (
    id           uuid primary key,
    recipient_id uuid not null references recipient (id),
    token_hash   varchar(64) not null unique,
    expires_at   timestamp with time zone not null,
    created_at   timestamp with time zone not null,
    revoked_at   timestamp with time zone
);
create index signing_token_recipient on signing_token (recipient_id);

-- Everything that leaves Signet is first a row here, written in the transaction that causes it.
create table outbox_message (
    id              uuid primary key,
    organisation_id uuid not null,
    mode            varchar(8) not null,
    envelope_id     uuid,
    recipient_id    uuid,
    channel         varchar(8) not null,
    kind            varchar(32) not null,
    address         varchar(2000) not null,
    from_name       varchar(200),
    reply_to        varchar(320),
    subject         varchar(300),
    body_text       text,
    body_html       text,
    status          varchar(12) not null,
    attempts        integer not null default 0,
    next_attempt_at timestamp with time zone not null,
    claimed_until   timestamp with time zone,
    last_error      varchar(1000),
    created_at      timestamp with time zone not null,
    sent_at         timestamp with time zone
);
create index outbox_due on outbox_message (status, next_attempt_at);
create index outbox_org on outbox_message (organisation_id, mode, created_at);

create table idempotency_key (
    organisation_id uuid not null,
    mode            varchar(8) not null,
    idem_key        varchar(255) not null,
    request_hash    varchar(64) not null,
    response_status integer not null,
    response_body   text not null,
    created_at      timestamp with time zone not null,
    primary key (organisation_id, mode, idem_key)
);
