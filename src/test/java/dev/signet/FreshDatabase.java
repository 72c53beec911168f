package dev.signet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Empties the test database once per test JVM, before the first Spring context that uses it
 * starts, so a run never depends on what an earlier run (or an earlier version of the schema)
 * left behind. Test runs without database tests never touch it.
 */
public final class FreshDatabase {

    public static final String URL = env("SIGNET_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("SIGNET_TEST_DB_USER", "postgres");
    public static final String PASSWORD = env("SIGNET_TEST_DB_PASSWORD", "");

    /**
     * The key that seals this database's secrets (SecretBox), new with the database each test JVM:
     * every Signet started on it (the Spring contexts, and the ones in JVMs of their own) is given it.
     */
    public static final String SECRETS_KEY = dev.signet.account.Secrets.random(32);

    private static boolean done;

    private FreshDatabase() {}

    public static synchronized void resetOnce() {
        if (done) {
            return;
        }
        done = true;
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists public cascade");
            statement.execute("create schema public");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "The tests need PostgreSQL at " + URL + " (see README): " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
