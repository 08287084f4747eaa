package io.ebats;

/** The pause contract on the embedded Qpid Broker-J, which drains some 600 messages a second. */
class EmbeddedPauseIT extends PauseContract {

    @Override
    String brokerUri() {
        return SharedEmbeddedBroker.INSTANCE.uri();
    }

    @Override
    int many() {
        return 4_000;
    }
}
