package io.ebats.bench;

import io.ebats.embedded.EmbeddedBroker;
import java.nio.file.Path;

/**
 * An embedded broker (Qpid Broker-J in this JVM) for one benchmark run: a free port and a temporary data
 * directory, deleted on {@link #close()}. The caller owns it and must close it.
 */
public final class EmbeddedBenchBroker implements AutoCloseable {

    private final Path dataDirectory;
    private final EmbeddedBroker broker;

    private EmbeddedBenchBroker(Path dataDirectory, EmbeddedBroker broker) {
        this.dataDirectory = dataDirectory;
        this.broker = broker;
    }

    /** Starts the broker; a few seconds in a fresh JVM. */
    public static EmbeddedBenchBroker start() {
        Path data = TemporaryDirectory.create("ebats-bench-broker", "the embedded broker's data");
        try {
            return new EmbeddedBenchBroker(data, EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                    .withDataDirectory(data).withPort(EmbeddedBroker.ANY_FREE_PORT)));
        } catch (RuntimeException e) {
            TemporaryDirectory.delete(data);
            throw e;
        }
    }

    /** The URI to connect with. */
    public String uri() {
        return broker.uri();
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            TemporaryDirectory.delete(dataDirectory);
        }
    }
}
