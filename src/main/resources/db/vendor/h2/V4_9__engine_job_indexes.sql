-- The job executor finds due jobs through an index on their due date (the reasons are in the
-- PostgreSQL migration of the same version). Runs after the engine has made its tables
-- (dev.signet.workflow.engine.EngineSchemaFirst). H2 has no partial index, so the index on locked
-- jobs is PostgreSQL's only.
create index if not exists SIGNET_IDX_JOB_DUEDATE on ACT_RU_JOB (DUEDATE_);

update ACT_RU_JOB set DUEDATE_ = current_timestamp where DUEDATE_ is null;
