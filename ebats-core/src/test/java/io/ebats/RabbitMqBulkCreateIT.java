package io.ebats;

/** The bulk create contract on the RabbitMQ at 127.0.0.1:5672. */
class RabbitMqBulkCreateIT extends BulkCreateContract {

    @Override
    int many() {
        return 20_000;
    }
}
