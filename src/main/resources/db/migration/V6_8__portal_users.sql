-- The sender portal's people (issue 16): users of an organisation with one role each, and the
-- single-use links that set their password (an invitation or a reset). Passwords are kept as Argon2
-- hashes, link tokens as SHA-256 (they carry 192 random bits). Runs on PostgreSQL and H2 alike.

create table portal_user (
    id              uuid primary key,
    organisation_id uuid not null references organisation (id),
    -- lower-cased; one account per address across Signet, so a login names one user
    email           varchar(320) not null,
    role            varchar(8) not null,
    -- null until the invited user sets a password
    password_hash   varchar(200),
    active          boolean not null default true,
    failed_logins   integer not null default 0,
    locked_until    timestamp with time zone,
    -- TOTP (RFC 6238): the shared secret (base32) from enrolment on, in use once confirmed with a code;
    -- the last time step accepted, so no code works twice
    totp_secret     varchar(64),
    totp_enabled    boolean not null default false,
    totp_last_step  bigint,
    created_at      timestamp with time zone not null
);
create unique index portal_user_email on portal_user (email);
create index portal_user_org on portal_user (organisation_id);

create table portal_token (
    token_hash varchar(64) primary key,
    user_id    uuid not null references portal_user (id),
    purpose    varchar(8) not null,
    expires_at timestamp with time zone not null,
    used_at    timestamp with time zone,
    created_at timestamp with time zone not null
);
create index portal_token_user on portal_token (user_id);

-- One-time recovery codes for a user with TOTP, kept as SHA-256 (each has 64 random bits, and the
-- login throttle and lock bound guessing).
create table portal_recovery_code (
    user_id   uuid not null references portal_user (id),
    code_hash varchar(64) not null,
    used_at   timestamp with time zone,
    primary key (user_id, code_hash)
);
