package dev.signet.bench;

import java.sql.SQLException;

/**
 * Planner statistics for the tables a phase has just filled, collected half-way through its warm-up.
 *
 * <p>Why: the bench starts every run on an empty schema, and PostgreSQL plans by statistics it
 * collects only on ANALYZE. A database Signet has run on for a while has them (autovacuum analyzes
 * tables as they change), a schema created a minute ago has none, and without them PostgreSQL
 * picked a plan for Camunda's variable lookup by execution id that scanned an index over every
 * variable row: 5.8 ms per call, half of all database time in a run. Some machines (this one
 * included) run PostgreSQL with autovacuum off, so it would never catch up. One ANALYZE of the whole
 * database before the window opens measures Signet as it runs in service; the report says it was done.
 */
final class Statistics {

    private Statistics() {}

    /** Starts a daemon thread that runs ANALYZE at {@code at} (epoch ms). */
    static Thread analyzeAt(Database db, String phase, long at) {
        Thread thread = new Thread(
                () -> {
                    try {
                        long wait = at - System.currentTimeMillis();
                        if (wait > 0) {
                            Thread.sleep(wait);
                        }
                        System.out.printf("%s: ANALYZE (planner statistics) took %d ms%n", phase, db.analyze());
                    } catch (InterruptedException stop) {
                        // the phase ended first
                    } catch (SQLException e) {
                        System.err.println(phase + ": ANALYZE failed: " + e.getMessage());
                    }
                },
                "bench-analyze-" + phase);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
