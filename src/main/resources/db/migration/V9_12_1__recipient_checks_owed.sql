-- The checks a recipient still owes before their documents may be shown, as the recipient-assurance
-- decision names its steps (otp, yoti_auth, idv_before), comma-separated. Written by the workflow in the
-- transaction that takes the decision, and each step taken out in the transaction that clears its flag in the
-- recipient process, so the signing API reads the row instead of asking the engine on every call. Null: nothing
-- owed (no decision yet, or every check passed). Never a code, an address or a result.
-- Portable SQL: the same file runs on PostgreSQL and on H2 (embedded mode).
alter table recipient add column checks_owed varchar(100);

-- Recipients whose process was already running: their owed checks from the flags their process keeps (boolean
-- variables are stored in LONG_, 1 for true), so a link sent before this migration is gated as before. The
-- engine's tables exist here: Flyway runs after the engine has made them (dev.signet.workflow.engine).
update recipient set checks_owed = nullif(concat_ws(',',
        case when exists (select 1 from act_ru_execution e join act_ru_variable v on v.execution_id_ = e.id_
                          where e.business_key_ = cast(recipient.id as varchar(64)) and e.id_ = e.proc_inst_id_
                            and e.proc_def_key_ = 'recipient' and v.name_ = 'otpPending' and v.long_ = 1)
             then 'otp' end,
        case when exists (select 1 from act_ru_execution e join act_ru_variable v on v.execution_id_ = e.id_
                          where e.business_key_ = cast(recipient.id as varchar(64)) and e.id_ = e.proc_inst_id_
                            and e.proc_def_key_ = 'recipient' and v.name_ = 'yotiSharePending' and v.long_ = 1)
             then 'yoti_auth' end,
        case when exists (select 1 from act_ru_execution e join act_ru_variable v on v.execution_id_ = e.id_
                          where e.business_key_ = cast(recipient.id as varchar(64)) and e.id_ = e.proc_inst_id_
                            and e.proc_def_key_ = 'recipient' and v.name_ = 'idvBeforePending' and v.long_ = 1)
             then 'idv_before' end), '')
where exists (select 1 from act_ru_execution e
              where e.business_key_ = cast(recipient.id as varchar(64)) and e.proc_def_key_ = 'recipient');
