-- Identity verification (dev.signet.assurance.IdvService). One row per session a recipient started
-- with a provider ("sandbox" or "yoti"): what the provider calls it, the configuration asked for, and,
-- once the provider answered, the outcome, the name it verified (personal data: kept here, never in a
-- process variable or a log) and the provider's result as JSON (GET .../sessions/signed/json). The rows
-- are also the session limit's count. Deleted with their recipient.
-- Portable SQL: the same file runs on PostgreSQL and on H2 (embedded mode).
create table idv_session (
    id                  uuid primary key,
    envelope_id         uuid not null,
    recipient_id        uuid not null references recipient (id) on delete cascade,
    provider            varchar(16) not null,
    provider_session_id varchar(200) not null,
    session_config_name varchar(100) not null,
    user_url            varchar(2000) not null,
    state               varchar(24) not null,
    verified_name       varchar(300),
    result_json         text,
    created_at          timestamp with time zone not null,
    finished_at         timestamp with time zone,
    completed_at        timestamp with time zone
);
create index idv_session_recipient on idv_session (recipient_id, created_at);

-- A recipient's session limit when it differs from verification.idv.session_limit: the sender doubled
-- it (GET /v2/idv/recipients/{rid}/sessions/reset-limit), up to 50.
create table idv_allowance (
    recipient_id  uuid primary key references recipient (id) on delete cascade,
    session_limit integer not null
);

-- The sandbox provider's own sessions: what a tester chose on its page. It stands in for a remote
-- provider, so it keeps its state apart from idv_session, as Yoti keeps its own.
create table idv_sandbox_session (
    id            uuid primary key,
    expected_name varchar(300) not null,
    outcome       varchar(24),
    created_at    timestamp with time zone not null
);
