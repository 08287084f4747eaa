package io.ebats.cli;

import io.ebats.BrokerSettings;
import io.ebats.EbatsConfig;
import io.ebats.embedded.EmbeddedBroker;
import java.nio.file.Path;

/**
 * Starts the embedded broker (Qpid Broker-J, in this JVM, AMQP 0-9-1 on 127.0.0.1) for {@code ebats up} when no
 * broker was given. Its messages live under {@code <data dir>/broker}, so queued and delayed tasks outlive a
 * restart.
 */
final class EmbeddedBrokerLauncher implements BrokerLauncher {

    private final Path dataDirectory;
    private EmbeddedBroker broker;

    EmbeddedBrokerLauncher(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    @Override
    public EbatsConfig start(EbatsConfig configured) {
        broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withDataDirectory(dataDirectory.resolve("broker")));
        return configured.toBuilder().broker(BrokerSettings.uri(broker.uri())).build();
    }

    /** The port the broker listens on. */
    int port() {
        return broker.port();
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
