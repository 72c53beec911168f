-- Single sign-on for the sender portal through OpenID Connect (issue 16, item 1): one identity provider
-- per organisation. The client secret is sealed by account.SecretBox (context
-- portal_sso.client_secret:<organisation id>); the key that opens it is never in the database.
-- Runs on PostgreSQL and H2 alike.

create table portal_sso (
    organisation_id  uuid primary key references organisation (id),
    -- the provider's issuer identifier, exactly as its discovery document states it
    issuer           varchar(500) not null,
    provider_name    varchar(80) not null,
    client_id        varchar(255) not null,
    client_secret    varchar(2000) not null,
    -- false: senders and viewers sign in through the provider only (admins keep their password)
    password_login   boolean not null,
    -- what a verified address of an allowed domain without a portal user becomes: REFUSE, VIEWER or SENDER
    unknown_users    varchar(8) not null,
    updated_at       timestamp with time zone not null
);

-- The email domains that lead to an organisation's provider; a domain leads to one organisation only.
create table portal_sso_domain (
    domain          varchar(253) primary key,
    organisation_id uuid not null references portal_sso (organisation_id)
);
create index portal_sso_domain_org on portal_sso_domain (organisation_id);
