package io.ebats.observation;

import io.ebats.embedded.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The tracing contract on the embedded broker (Qpid Broker-J), started for this class. */
class EmbeddedTracingIT extends TracingContract {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        try {
            broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                    .withDataDirectory(Files.createTempDirectory("ebats-trace-embedded"))
                    .withPort(EmbeddedBroker.ANY_FREE_PORT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override
    String brokerUri() {
        return broker.uri();
    }
}
