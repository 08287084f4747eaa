package io.ebats.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** Unique keys on registrations on RabbitMQ (127.0.0.1:5672, or {@code EBATS_TEST_BROKER_URI}), keys in PostgreSQL. */
class RabbitMqUniqueRegistrationsIT extends UniqueRegistrationsContract {

    private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Override
    String brokerUri() {
        return HistoryStoreWorkerIT.BROKER_URI;
    }

    @Override
    HistorySettings.Builder database() {
        return HistorySettings.jdbc(PostgresHistoryStoreTest.URL + "?currentSchema=" + schema,
                PostgresHistoryStoreTest.USER, PostgresHistoryStoreTest.PASSWORD).schema(schema);
    }

    @AfterEach
    void dropSchema() throws Exception {
        cleanUp();
        try (Connection c = DriverManager.getConnection(PostgresHistoryStoreTest.URL, PostgresHistoryStoreTest.USER,
                PostgresHistoryStoreTest.PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
