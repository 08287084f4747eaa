package io.ebats.cli;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.ebats.BrokerSettings;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.cli.demo.DemoShop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

/**
 * The RabbitMQ of the tests (127.0.0.1:5672 unless {@code EBATS_TEST_BROKER_URI} says otherwise) and a namespace
 * of their own, written into a config file; {@link #deleteNamespace} removes its queues and exchanges.
 */
final class TestBroker {

    static final String URI = System.getenv().getOrDefault("EBATS_TEST_BROKER_URI",
            "amqp://guest:guest@127.0.0.1:5672");
    /** 2^22 ms is 70 minutes: enough for tests, fewer queues to declare. */
    static final int DELAY_LEVELS = 22;

    final String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);

    /** An ebats.yml for this namespace, with the given extra YAML lines. */
    Path writeConfig(Path dir, String... extraLines) throws IOException {
        StringBuilder yaml = new StringBuilder()
                .append("namespace: ").append(namespace).append('\n')
                .append("delayLevels: ").append(DELAY_LEVELS).append('\n')
                .append("delayLadder: ").append(namespace).append(".ladder\n")
                .append("publishTimeout: 5s\n");
        for (String line : extraLines) {
            yaml.append(line).append('\n');
        }
        return Files.writeString(dir.resolve("ebats.yml"), yaml);
    }

    EbatsConfig config() {
        return EbatsConfig.builder()
                .broker(BrokerSettings.uri(URI))
                .namespace(namespace)
                .delayLevels(DELAY_LEVELS)
                .delayLadder(namespace + ".ladder") // its own, deleted with it
                .publishTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Deletes the namespace's queues and exchanges for these topics, and those of the demo shop's consumer. */
    void deleteNamespace(Collection<String> topics) throws Exception {
        try (Ebats cleaner = Ebats.connect(config())) {
            cleaner.deleteTopology(topics);
        }
        DemoShop demo = DemoShop.forNamespace(namespace);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(URI);
        try (Connection connection = factory.newConnection("ebats-cli-test-cleanup")) {
            for (String queue : new String[] {demo.queue(), namespace + ".dead.queue." + demo.queue()}) {
                try (Channel channel = connection.createChannel()) {
                    channel.queueDelete(queue);
                }
            }
            try (Channel channel = connection.createChannel()) {
                channel.exchangeDelete(demo.exchange());
            }
        }
    }
}
