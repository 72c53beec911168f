package dev.signet.workflow.engine;

import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Nodes that share a PostgreSQL database start one at a time.
 *
 * <p>Why: two nodes started together on an empty database both found no engine tables and both
 * created them; the second failed on a duplicate catalog entry and exited. The admin user, the
 * bootstrap key and Signet's own tables (Flyway, after the engine) are made at start the same way: look, then insert.
 * So each node holds a PostgreSQL advisory lock from before the engine touches its schema until
 * it is ready; a node that dies releases it with its connection. A node waits at most
 * {@link #WAIT} for it, then starts anyway (with a warning): a stuck neighbour must not keep the
 * others down, and on a database that already has its schema the race is harmless.
 */
@Component
class StartupLock extends AbstractProcessEnginePlugin {

    /** "Signet" in ASCII: one lock for the whole database, whatever the schema. */
    static final long KEY = 0x5369676e6574L;

    static final Duration WAIT = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(StartupLock.class);

    private final DataSource dataSource;
    private Connection held;

    StartupLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        acquire();
    }

    synchronized void acquire() {
        if (held != null) {
            return;
        }
        try {
            Connection connection = dataSource.getConnection();
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                connection.close();
                return;
            }
            connection.setAutoCommit(true);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!tryLock(connection)) {
                if (System.nanoTime() > deadline) {
                    log.warn("Another node has been starting for {}; starting without waiting for it", WAIT);
                    connection.close();
                    return;
                }
                Thread.sleep(500);
            }
            held = connection;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take the start-up lock: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for another node to start", e);
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select pg_try_advisory_lock(" + KEY + ")")) {
            return result.next() && result.getBoolean(1);
        }
    }

    /** Ready (schema, deployments, admin user, bootstrap key all in place): the next node may start. */
    @EventListener(ApplicationReadyEvent.class)
    @PreDestroy
    synchronized void release() {
        if (held == null) {
            return;
        }
        try (Connection connection = held;
                Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_unlock(" + KEY + ")");
        } catch (SQLException e) {
            log.warn("Could not release the start-up lock (it goes with the connection): {}", e.getMessage());
        } finally {
            held = null;
        }
    }
}
