-- An organisation's custom identity verification session configurations (POST /v2/idv/sessions/configs,
-- reference 1.13), per mode like every other piece of data. A name is unique within the organisation and
-- mode, whether the configuration is private or not, so verification.idv.session_config_name names one.
-- is_private: only the API key that created it (api_key_id) lists it and may name it at create; an
-- envelope that named it keeps using it. session_config: the Yoti IDV session spec, as accepted
-- (dev.signet.assurance.CustomSessionSpec); no personal data.
-- Portable SQL: the same file runs on PostgreSQL and on H2 (embedded mode).
create table idv_session_config (
    id              uuid primary key,
    organisation_id uuid not null references organisation (id),
    mode            varchar(8) not null,
    name            varchar(100) not null,
    is_private      boolean not null,
    api_key_id      uuid not null,
    session_config  text not null,
    created_at      timestamp with time zone not null
);
create unique index idv_session_config_name on idv_session_config (organisation_id, mode, name);

-- The sandbox provider plays back a session that reads no document (Liveness Only, or a custom
-- configuration without text extraction) as such: approved without a name.
alter table idv_sandbox_session add column reads_name boolean default true not null;
