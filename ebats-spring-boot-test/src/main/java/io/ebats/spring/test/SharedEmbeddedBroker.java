package io.ebats.spring.test;

import io.ebats.embedded.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The embedded broker of the test JVM: started on first use on a free port, stopped when the JVM exits. */
final class SharedEmbeddedBroker {

    private static EmbeddedBroker broker;

    private SharedEmbeddedBroker() {
    }

    static synchronized EmbeddedBroker get() {
        if (broker == null) {
            try {
                EmbeddedBroker started = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                        .withDataDirectory(Files.createTempDirectory("ebats-spring-test-broker"))
                        .withPort(EmbeddedBroker.ANY_FREE_PORT));
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("ebats-test-broker-stop")
                        .unstarted(started::close));
                broker = started;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the embedded broker's directory", e);
            }
        }
        return broker;
    }
}
