package io.ebats;

import io.ebats.embedded.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pipeline contract on the embedded Qpid Broker-J: plain durable queues, delays held by the queue. */
class EmbeddedBrokerPipelineIT extends PipelineContract {

    @Override
    String brokerUri() {
        return SharedBroker.INSTANCE.uri();
    }

    /** One embedded broker for the whole test run, on a free port and a temporary data directory. */
    private static final class SharedBroker {
        static final EmbeddedBroker INSTANCE = start();

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

    @Override
    BrokerType expectedBrokerType() {
        return BrokerType.QPID;
    }
}
