package dev.signet.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A node does not start its engine while another node on the same database is starting: it waits
 * for the start-up lock, which the other releases once ready (or loses with its connection).
 * (Two nodes started together on an empty database used to both create the engine's tables; the
 * second exited on a duplicate key.)
 */
class StartupLockTest extends SignetIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void aStartingNodeWaitsForTheOneBeforeItAndGoesOnWhenThatOneIsReady() throws Exception {
        assertThat(jdbc.sql("select count(*) from pg_locks where locktype = 'advisory' and objid = ?"
                                + " and database = (select oid from pg_database where datname = current_database())")
                        .param((int) StartupLock.KEY)
                        .query(Integer.class)
                        .single())
                .as("this test's own node released the lock when it was ready")
                .isZero();

        StartupLock next = new StartupLock(dataSource);
        try (Connection starting = dataSource.getConnection();
                Statement statement = starting.createStatement()) {
            statement.execute("select pg_advisory_lock(" + StartupLock.KEY + ")");
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(next::acquire);
            Thread.sleep(1500);
            assertThat(waiting).as("the next node waits while one is starting").isNotDone();

            statement.execute("select pg_advisory_unlock(" + StartupLock.KEY + ")");
            waiting.get(10, TimeUnit.SECONDS);
        }
        try (Connection other = dataSource.getConnection();
                Statement statement = other.createStatement()) {
            var held = statement.executeQuery("select pg_try_advisory_lock(" + StartupLock.KEY + ")");
            assertThat(held.next() && held.getBoolean(1))
                    .as("the next node holds it now")
                    .isFalse();
        }
        next.release();
        try (Connection other = dataSource.getConnection();
                Statement statement = other.createStatement()) {
            var free = statement.executeQuery("select pg_try_advisory_lock(" + StartupLock.KEY + ")");
            assertThat(free.next() && free.getBoolean(1))
                    .as("free once the next node is ready")
                    .isTrue();
            statement.execute("select pg_advisory_unlock(" + StartupLock.KEY + ")");
        }
    }
}
