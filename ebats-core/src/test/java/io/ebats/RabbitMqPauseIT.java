package io.ebats;

/** The pause contract on the RabbitMQ at 127.0.0.1:5672, with quorum queues. */
class RabbitMqPauseIT extends PauseContract {

    @Override
    int many() {
        return 10_000;
    }
}
