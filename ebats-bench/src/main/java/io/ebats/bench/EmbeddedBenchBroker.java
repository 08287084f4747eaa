package io.ebats.bench;

import io.ebats.embedded.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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
        Path data;
        try {
            data = Files.createTempDirectory("ebats-bench-broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the embedded broker", e);
        }
        try {
            return new EmbeddedBenchBroker(data, EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                    .withDataDirectory(data).withPort(EmbeddedBroker.ANY_FREE_PORT)));
        } catch (RuntimeException e) {
            deleteTree(data);
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
            deleteTree(dataDirectory);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: left for the system to clean
        }
    }
}
