-- API keys made in the portal (issue 16 point 5) carry a name the admin chose, and the time they were
-- last used (noted at most once a minute per key, so the API does not write on every call).
-- Runs on PostgreSQL and H2 alike.

alter table api_key add column name varchar(100);
alter table api_key add column last_used_at timestamp with time zone;

create index api_key_organisation on api_key (organisation_id, created_at);
