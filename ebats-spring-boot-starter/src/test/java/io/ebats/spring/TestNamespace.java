package io.ebats.spring;

import io.ebats.Attempt;
import io.ebats.BrokerSettings;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A namespace of one test on one broker: unique names, the properties that put an application in it, and the
 * deletion of its queues and exchanges afterwards (with its own delay ladder, on RabbitMQ).
 */
final class TestNamespace implements AutoCloseable {

    static final String RABBITMQ_URI = System.getenv().getOrDefault("EBATS_TEST_BROKER_URI",
            "amqp://guest:guest@127.0.0.1:5672");
    /** Upper bound of every wait for something that normally takes milliseconds. */
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final int DELAY_LEVELS = 22;

    final String uri;
    final String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> topics = new ArrayList<>();

    TestNamespace(String uri) {
        this.uri = uri;
    }

    /** A topic unique to this test, deleted afterwards. */
    String topic(String hint) {
        String topic = hint + "-" + UUID.randomUUID().toString().substring(0, 6);
        topics.add(topic);
        return topic;
    }

    /** The properties of an application connected to this namespace. */
    String[] properties(String... more) {
        List<String> all = new ArrayList<>(List.of("ebats.broker.uri=" + uri, "ebats.namespace=" + namespace,
                "ebats.delay-levels=" + DELAY_LEVELS, "ebats.delay-ladder=" + namespace + ".ladder",
                "ebats.publish-timeout=5s"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    EbatsConfig config() {
        return EbatsConfig.builder().broker(BrokerSettings.uri(uri)).namespace(namespace).delayLevels(DELAY_LEVELS)
                .delayLadder(namespace + ".ladder").publishTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public void close() {
        try (Ebats cleaner = Ebats.connect(config())) {
            cleaner.deleteTopology(topics);
        }
    }

    /** Attempts heard by an {@code AttemptListener} bean. */
    static final class Attempts {
        final Queue<Attempt> seen = new ConcurrentLinkedQueue<>();

        List<Attempt> of(String taskName) {
            return seen.stream().filter(a -> a.taskName().equals(taskName)).toList();
        }
    }
}
