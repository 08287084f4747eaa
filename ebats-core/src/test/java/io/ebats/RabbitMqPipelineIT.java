package io.ebats;

/** The pipeline contract on the RabbitMQ at 127.0.0.1:5672: quorum queues, delays through the TTL ladder. */
class RabbitMqPipelineIT extends PipelineContract {

    @Override
    BrokerType expectedBrokerType() {
        return BrokerType.RABBITMQ;
    }
}
