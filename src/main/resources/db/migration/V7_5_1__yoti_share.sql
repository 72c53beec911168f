-- Yoti auth (auth_type sign-auth, dev.signet.assurance.YotiShareService). One row per share session a
-- recipient started with a provider ("sandbox" or "yoti"): what the provider calls it, the link the Yoti
-- app opens (shown as a QR code and a deep link), and, once concluded, the outcome, the receipt id and
-- the NAMES of the attributes shared. Never an attribute's value: the shared email is compared and
-- forgotten, the selfie is not kept. checked_at bounds how often the provider is asked about one session.
-- Portable SQL: the same file runs on PostgreSQL and on H2 (embedded mode).
create table yoti_share (
    id                  uuid primary key,
    envelope_id         uuid not null,
    recipient_id        uuid not null references recipient (id) on delete cascade,
    provider            varchar(16) not null,
    provider_session_id varchar(200) not null,
    share_uri           varchar(2000) not null,
    state               varchar(24) not null,
    receipt_id          varchar(200),
    attributes          varchar(500),
    created_at          timestamp with time zone not null,
    checked_at          timestamp with time zone,
    completed_at        timestamp with time zone
);
create index yoti_share_recipient on yoti_share (recipient_id, created_at);

-- The sandbox provider's own sessions: what a tester chose to "share" on its page. It stands in for
-- Yoti, which knows the person's email, so it keeps the recipient's address apart from yoti_share.
create table yoti_share_sandbox (
    id             uuid primary key,
    expected_email varchar(320) not null,
    attributes     varchar(500) not null,
    outcome        varchar(24),
    created_at     timestamp with time zone not null
);
