package io.ebats;

/** The pipeline contract on the embedded Qpid Broker-J: plain durable queues, delays held by the queue. */
class EmbeddedBrokerPipelineIT extends PipelineContract {

    @Override
    String brokerUri() {
        return SharedEmbeddedBroker.INSTANCE.uri();
    }

    @Override
    BrokerType expectedBrokerType() {
        return BrokerType.QPID;
    }
}
