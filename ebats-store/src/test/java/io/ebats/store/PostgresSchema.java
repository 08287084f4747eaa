package io.ebats.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A schema of one test's own in the PostgreSQL at 127.0.0.1:5432 (database {@code test}, or
 * {@code EBATS_TEST_POSTGRES_URL}), dropped by {@link #drop()}.
 */
final class PostgresSchema {

    static final String URL = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_USER", "postgres");
    static final String PASSWORD = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_PASSWORD", "");

    private final String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    /** The store's settings in this schema, created when missing. */
    HistorySettings.Builder settings() {
        return HistorySettings.jdbc(URL + "?currentSchema=" + name, USER, PASSWORD).schema(name);
    }

    void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
