package dev.signet.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The job executor finds due jobs through an index on their due date.
 *
 * <p>Why: every signer leaves timers in {@code ACT_RU_JOB} that fall due days later (link expiry,
 * reminders), and Camunda's acquisition query, as it comes, asks for jobs "without a due date or
 * due by now", which no index answers: each poll read the whole table, pending timers included.
 * In a one-minute benchmark that query was a third of PostgreSQL's time and grew with every
 * envelope; a service with a few weeks of pending timers would scan hundreds of thousands of rows
 * several times a second. With {@code ensureJobDueDateNotNull} every job gets a due date (an async
 * step is due at once), so the query becomes "due by now", and {@code jobExecutorAcquireByDueDate}
 * takes them oldest first, which an index on the due date serves by reading only the jobs that are
 * due (both set in application.yml). The same query skips jobs of a process instance whose
 * exclusive job another thread holds; PostgreSQL answers that part by collecting the locked jobs,
 * which without an index meant reading the whole table again (1.3 ms per poll in the benchmark,
 * 0.05 ms with it): a partial index on the jobs that are locked, a handful at any time, serves it.
 * This plugin adds those indexes beside Camunda's own (the partial one on PostgreSQL only), once the
 * engine has created or updated its schema, and gives any job an older version left without a due
 * date one, so that it is still picked up.
 */
@Component
class JobAcquisition extends AbstractProcessEnginePlugin {

    static final String INDEX = "SIGNET_IDX_JOB_DUEDATE";
    static final String LOCKED_INDEX = "SIGNET_IDX_JOB_LOCKED";

    private static final Logger log = LoggerFactory.getLogger(JobAcquisition.class);

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        if (!configuration.isEnsureJobDueDateNotNull()) {
            return;
        }
        DataSource dataSource = configuration.getDataSource();
        String prefix = configuration.getDatabaseTablePrefix();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create index if not exists " + INDEX + " on " + prefix + "ACT_RU_JOB (DUEDATE_)");
            if ("postgres".equals(configuration.getDatabaseType())) {
                statement.execute("create index if not exists " + LOCKED_INDEX + " on " + prefix
                        + "ACT_RU_JOB (LOCK_EXP_TIME_) where LOCK_OWNER_ is not null");
            }
            int updated = statement.executeUpdate("update " + prefix + "ACT_RU_JOB set DUEDATE_ = current_timestamp"
                    + " where DUEDATE_ is null");
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            if (updated > 0) {
                log.info("{} job(s) without a due date are now due", updated);
            }
        } catch (SQLException e) {
            // Another node creating the same index at the same moment, say: jobs still run, only slower.
            log.warn("Could not prepare job acquisition by due date: {}", e.getMessage());
        }
    }
}
