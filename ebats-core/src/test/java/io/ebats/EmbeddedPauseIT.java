package io.ebats;

/**
 * The pause contract on the embedded Qpid Broker-J, which drains 600 to 1,300 messages a second: enough tasks that
 * five pauses, each letting up to 900 tasks run while it takes hold, do not use them all up.
 */
class EmbeddedPauseIT extends PauseContract {

    @Override
    String brokerUri() {
        return SharedEmbeddedBroker.INSTANCE.uri();
    }

    @Override
    int many() {
        return 8_000;
    }
}
