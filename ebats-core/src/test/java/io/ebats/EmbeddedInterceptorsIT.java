package io.ebats;

/** The interceptors contract on the embedded Qpid Broker-J. */
class EmbeddedInterceptorsIT extends InterceptorsContract {

    @Override
    String brokerUri() {
        return SharedEmbeddedBroker.INSTANCE.uri();
    }
}
