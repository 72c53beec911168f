package dev.signet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Empties the test database once per test run, before any Spring context starts, so a run never
 * depends on what an earlier run (or an earlier version of the schema) left behind.
 */
public class FreshDatabase implements LauncherSessionListener {

    public static final String URL = env("SIGNET_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("SIGNET_TEST_DB_USER", "postgres");
    public static final String PASSWORD = env("SIGNET_TEST_DB_PASSWORD", "");

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists public cascade");
            statement.execute("create schema public");
        } catch (SQLException e) {
            throw new IllegalStateException("The tests need PostgreSQL at " + URL + " (see README): " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
