package io.ebats.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract on the PostgreSQL at 127.0.0.1:5432 (database {@code test}, or
 * {@code EBATS_TEST_POSTGRES_URL}); each test has a schema of its own, dropped afterwards.
 */
class PostgresHistoryStoreTest extends HistoryStoreContract {

    static final String URL = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_USER", "postgres");
    static final String PASSWORD = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_PASSWORD", "");

    private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Override
    HistorySettings.Builder settings() {
        return HistorySettings.jdbc(URL + "?currentSchema=" + schema, USER, PASSWORD).schema(schema);
    }

    @AfterEach
    void dropSchema() throws Exception {
        closeStores();
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
