package io.ebats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the integration tests against a real broker (RabbitMQ on 127.0.0.1:5672 unless
 * {@code EBATS_TEST_BROKER_URI} says otherwise). Every test gets its own namespace, so its exchanges and
 * queues are its own, and deletes them afterwards.
 */
abstract class BrokerTestSupport {

    static final String BROKER_URI = System.getenv().getOrDefault("EBATS_TEST_BROKER_URI",
            "amqp://guest:guest@127.0.0.1:5672");
    /** 2^22 ms is 70 minutes: enough for tests, fewer queues to declare. */
    static final int TEST_DELAY_LEVELS = 22;

    protected Ebats ebats;
    protected String namespace;
    protected final List<String> topics = new ArrayList<>();
    protected final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void connect() {
        namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
        ebats = Ebats.connect(config());
    }

    EbatsConfig config() {
        return EbatsConfig.defaults()
                .withBroker(BrokerSettings.uri(BROKER_URI))
                .withNamespace(namespace)
                .withDelayLevels(TEST_DELAY_LEVELS)
                .withPublishTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void deleteNamespace() {
        try {
            ebats.close();
        } finally {
            try (Ebats cleaner = Ebats.connect(config())) {
                cleaner.deleteTopology(topics);
            }
        }
    }

    /** A topic unique to this test, deleted afterwards. */
    String topic(String hint) {
        String topic = hint + "-" + UUID.randomUUID().toString().substring(0, 6);
        topics.add(topic);
        return topic;
    }

    List<Attempt> attemptsOf(String taskId) {
        return attempts.stream().filter(a -> taskId.equals(a.taskId())).toList();
    }

    static Map<String, Object> params(Object... kv) {
        return NewTask.params(kv);
    }
}
