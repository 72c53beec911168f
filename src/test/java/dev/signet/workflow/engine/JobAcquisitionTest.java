package dev.signet.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The job executor finds due jobs by an index on the due date: every job has one, including the
 * asynchronous steps that are due at once, and the index is there beside Camunda's own, made by a
 * Flyway migration that runs once the engine has its tables.
 */
class JobAcquisitionTest extends SignetIntegrationTest {

    @Autowired
    ProcessEngine engine;

    @Autowired
    DataSource dataSource;

    @Test
    void everyJobHasADueDateAndTheAcquisitionIndexExists() {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.isEnsureJobDueDateNotNull()).isTrue();
        assertThat(configuration.isJobExecutorAcquireByDueDate()).isTrue();
        assertThat(jdbc.sql("select indexdef from pg_indexes where tablename = 'act_ru_job' and indexname = ?")
                        .param("signet_idx_job_duedate")
                        .query(String.class)
                        .list())
                .singleElement()
                .asString()
                .containsIgnoringCase("(duedate_)");
        assertThat(jdbc.sql("select indexdef from pg_indexes where tablename = 'act_ru_job' and indexname = ?")
                        .param("signet_idx_job_locked")
                        .query(String.class)
                        .list())
                .singleElement()
                .asString()
                .containsIgnoringCase("(lock_exp_time_)")
                .containsIgnoringCase("where (lock_owner_ is not null)");

        Instant before = Instant.now().minusSeconds(1);
        UUID envelope = create(
                newTenant().sandboxKey(),
                new Options("Due dates").signer("Ada", "ada@example.com", 1).toString());
        List<Job> prepare = processTree(envelope).stream()
                .flatMap(pi -> management.createJobQuery().processInstanceId(pi).list().stream())
                .toList();
        // The asynchronous "Prepare documents" step: due at once, so it has a due date of now, not none.
        assertThat(prepare)
                .singleElement()
                .satisfies(job -> assertThat(job.getDuedate())
                        .isNotNull()
                        .isAfterOrEqualTo(java.util.Date.from(before))
                        .isBeforeOrEqualTo(java.util.Date.from(Instant.now())));
        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("ACTIVE");
    }

    /**
     * The engine made its tables before Flyway ran the first migration (a migration that touches an
     * engine table could not run otherwise), and Flyway's history starts with the baseline at 0, so
     * every one of Signet's migrations ran.
     */
    @Test
    void flywayMigratesOnceTheEngineHasItsTables() {
        Timestamp engineTables = jdbc.sql("select min(timestamp_) from act_ge_schema_log")
                .query(Timestamp.class)
                .single();
        Timestamp firstMigration = jdbc.sql("select installed_on from flyway_schema_history where version = '1'")
                .query(Timestamp.class)
                .single();
        assertThat(firstMigration).isAfterOrEqualTo(engineTables);
        assertThat(jdbc.sql("select version from flyway_schema_history where success order by installed_rank")
                        .query(String.class)
                        .list())
                .startsWith("0", "1")
                .contains("4.9");
    }

    /**
     * The two parts of Camunda's acquisition query (Job.xml, selectNextJobsToExecute, with every job
     * due by a date) are answered by the two indexes. The test's table holds a handful of jobs, for
     * which a sequential scan is cheapest, so the plan is asked for with sequential scans priced out:
     * what it shows is that the indexes serve the query's shape, which is what the planner picks on
     * a table of pending timers (the benchmark's case).
     */
    @Test
    void theAcquisitionQueryIsServedByTheIndexes() throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("set local enable_seqscan = off");
            assertThat(plan(
                            statement,
                            "select RES.ID_ from ACT_RU_JOB RES where (RES.RETRIES_ > 0)"
                                    + " and (RES.DUEDATE_ <= current_timestamp)"
                                    + " and (RES.LOCK_OWNER_ is null or RES.LOCK_EXP_TIME_ < current_timestamp)"
                                    + " and RES.SUSPENSION_STATE_ = 1 order by RES.DUEDATE_ asc limit 8"))
                    .containsIgnoringCase("signet_idx_job_duedate");
            assertThat(plan(
                            statement,
                            "select J2.ID_ from ACT_RU_JOB J2 where J2.LOCK_OWNER_ is not null"
                                    + " and J2.LOCK_EXP_TIME_ >= current_timestamp"))
                    .containsIgnoringCase("signet_idx_job_locked");
            connection.rollback();
        }
    }

    private static String plan(Statement statement, String query) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = statement.executeQuery("explain " + query)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
