package io.ebats.store;

import io.ebats.embedded.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One embedded broker for the whole test run, on a free port and a temporary data directory. */
final class SharedEmbeddedBroker {

    static final EmbeddedBroker INSTANCE = start();

    private SharedEmbeddedBroker() {
    }

    private static EmbeddedBroker start() {
        try {
            Path data = Files.createTempDirectory("ebats-embedded-test");
            EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                    .withDataDirectory(data).withPort(EmbeddedBroker.ANY_FREE_PORT));
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-broker-stop"));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
