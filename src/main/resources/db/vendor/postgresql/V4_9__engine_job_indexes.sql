-- The job executor finds due jobs through an index on their due date. Runs after the engine has made
-- its tables (dev.signet.workflow.engine.EngineSchemaFirst). "if not exists": Signet before this
-- migration created the same indexes at start.
--
-- Every signer leaves timers in ACT_RU_JOB that fall due days later (link expiry, reminders), and
-- Camunda's acquisition query, as it comes, asks for jobs "without a due date or due by now", which
-- no index answers: each poll read the whole table, pending timers included (a third of
-- PostgreSQL's time in a one-minute benchmark, growing with every envelope). With
-- ensureJobDueDateNotNull every job has a due date, so the query becomes "due by now", and
-- jobExecutorAcquireByDueDate takes them oldest first, which this index serves by reading only the
-- jobs that are due (both set in application.yml).
create index if not exists SIGNET_IDX_JOB_DUEDATE on ACT_RU_JOB (DUEDATE_);

-- The same query skips jobs of a process instance whose exclusive job another thread holds;
-- PostgreSQL answers that by collecting the locked jobs, which without an index meant reading the
-- whole table again (1.3 ms per poll in the benchmark, 0.05 ms with it). The locked jobs are a
-- handful at any time: a partial index on them.
create index if not exists SIGNET_IDX_JOB_LOCKED on ACT_RU_JOB (LOCK_EXP_TIME_) where LOCK_OWNER_ is not null;

-- A job an older Signet (before ensureJobDueDateNotNull) left without a due date is due now, so that
-- the acquisition by due date still picks it up.
update ACT_RU_JOB set DUEDATE_ = current_timestamp where DUEDATE_ is null;
