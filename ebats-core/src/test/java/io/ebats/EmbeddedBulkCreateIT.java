package io.ebats;

/** The bulk create contract on the embedded Qpid Broker-J, which drains some 600 messages a second. */
class EmbeddedBulkCreateIT extends BulkCreateContract {

    @Override
    String brokerUri() {
        return SharedEmbeddedBroker.INSTANCE.uri();
    }

    @Override
    int many() {
        return 2_000;
    }
}
