package io.ebats.store;

/** {@link UniqueTasksContract} on RabbitMQ (127.0.0.1:5672, or {@code EBATS_TEST_BROKER_URI}), the store in PostgreSQL. */
class RabbitMqUniqueTasksIT extends UniqueTasksContract {

    private final PostgresSchema schema = new PostgresSchema();

    @Override
    String brokerUri() {
        return HistoryStoreWorkerIT.BROKER_URI;
    }

    @Override
    HistorySettings.Builder database() {
        return schema.settings();
    }

    @Override
    void dropDatabase() throws Exception {
        schema.drop();
    }
}
