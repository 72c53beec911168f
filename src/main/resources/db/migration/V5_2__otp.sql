-- One-time passwords (dev.signet.assurance.OtpService). Only an HMAC-SHA256 of each code is kept,
-- keyed by a server secret (stored_secret 'otp-code-key') and bound to the row's id: a copy of this
-- table alone cannot be turned back into codes by trying all 10^6 of them. A row is one code: it
-- ends when used, expired, superseded by a newer code, or when its 5 tries are taken. The rows of the last
-- hour are also the send rate limit (5 an hour per recipient). Deleted with their recipient.
-- Portable SQL: the same file runs on PostgreSQL and on H2 (embedded mode).
create table otp_code (
    id              uuid primary key,
    recipient_id    uuid not null references recipient (id) on delete cascade,
    channel         varchar(8) not null,
    code_hash       varchar(64) not null,
    created_at      timestamp with time zone not null,
    expires_at      timestamp with time zone not null,
    attempts        integer not null default 0,
    used_at         timestamp with time zone,
    superseded_at   timestamp with time zone
);
create index otp_code_recipient on otp_code (recipient_id, created_at);
