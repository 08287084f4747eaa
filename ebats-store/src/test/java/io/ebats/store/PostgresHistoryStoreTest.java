package io.ebats.store;

import org.junit.jupiter.api.AfterEach;

/**
 * The store contract on the PostgreSQL at 127.0.0.1:5432 (database {@code test}, or
 * {@code EBATS_TEST_POSTGRES_URL}); each test has a schema of its own, dropped afterwards.
 */
class PostgresHistoryStoreTest extends HistoryStoreContract {

    private final PostgresSchema schema = new PostgresSchema();

    @Override
    HistorySettings.Builder settings() {
        return schema.settings();
    }

    @AfterEach
    void dropSchema() throws Exception {
        closeStores();
        schema.drop();
    }
}
