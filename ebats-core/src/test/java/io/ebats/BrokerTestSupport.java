package io.ebats;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the integration tests against a real broker (RabbitMQ on 127.0.0.1:5672 unless
 * {@code EBATS_TEST_BROKER_URI} says otherwise). Every test gets its own namespace, so its exchanges and
 * queues are its own, and deletes them afterwards, together with the queues and exchanges outside the
 * namespace that the test registered with {@link #deleteAfterwards}.
 *
 * <p>Names are written here as docs/protocol.md states them, not taken from the engine, so that the tests
 * also check the wire protocol.
 */
abstract class BrokerTestSupport {

    static final String BROKER_URI = System.getenv().getOrDefault("EBATS_TEST_BROKER_URI",
            "amqp://guest:guest@127.0.0.1:5672");
    /** 2^22 ms is 70 minutes: enough for tests, fewer queues to declare. */
    static final int TEST_DELAY_LEVELS = 22;
    /** Upper bound of every wait for something that normally takes milliseconds. */
    static final Duration WAIT = Duration.ofSeconds(20);

    protected Ebats ebats;
    protected String namespace;
    protected final List<String> topics = new ArrayList<>();
    protected final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final List<String> extraQueues = new ArrayList<>();
    private final List<String> extraExchanges = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();
    private Connection raw;

    @BeforeEach
    void connect() {
        namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
        ebats = Ebats.connect(config());
    }

    /** The broker under test; RabbitMQ unless a subclass says otherwise. */
    String brokerUri() {
        return BROKER_URI;
    }

    EbatsConfig config() {
        return EbatsConfig.builder()
                .broker(BrokerSettings.uri(brokerUri()))
                .namespace(namespace)
                .delayLevels(TEST_DELAY_LEVELS)
                .delayLadder(namespace + ".ladder") // its own, deleted with it, so that counts of delayed tasks are its own
                .publishTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor();
        }
        try {
            ebats.close();
        } finally {
            try (Ebats cleaner = Ebats.connect(config())) {
                cleaner.deleteTopology(topics);
            }
            if (!extraQueues.isEmpty() || !extraExchanges.isEmpty()) {
                for (String queue : extraQueues) {
                    try (Channel ch = rawConnection().createChannel()) {
                        ch.queueDelete(queue);
                    }
                }
                for (String exchange : extraExchanges) {
                    try (Channel ch = rawConnection().createChannel()) {
                        ch.exchangeDelete(exchange);
                    }
                }
            }
            if (raw != null && raw.isOpen()) {
                raw.close();
            }
        }
    }

    /** A topic unique to this test, deleted afterwards. */
    String topic(String hint) {
        String topic = hint + "-" + UUID.randomUUID().toString().substring(0, 6);
        topics.add(topic);
        return topic;
    }

    /** A queue or exchange name unique to this test, outside the namespace. */
    static String unique(String hint) {
        return hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Deletes these queues (and the exchange, if given) after the test. */
    void deleteAfterwards(List<String> queues, String exchange) {
        extraQueues.addAll(queues);
        if (exchange != null) {
            extraExchanges.add(exchange);
        }
    }

    /** Kills the process (if still alive) after the test. */
    Process killAfterwards(Process child) {
        children.add(child);
        return child;
    }

    List<Attempt> attemptsOf(String taskId) {
        return attempts.stream().filter(a -> taskId.equals(a.taskId())).toList();
    }

    static Map<String, Object> params(Object... kv) {
        return NewTask.params(kv);
    }

    // --- names of docs/protocol.md ---

    String taskQueue(String topic) {
        return namespace + ".task." + topic;
    }

    String deadTaskQueue(String topic) {
        return namespace + ".dead.task." + topic;
    }

    String deadConsumerQueue(String queue) {
        return namespace + ".dead.queue." + queue;
    }

    String tasksExchange() {
        return namespace + ".tasks";
    }

    String eventsExchange() {
        return namespace + ".events";
    }

    // --- the broker without ebats: what a producer in another language does ---

    /** A plain amqp-client connection, closed after the test. */
    Connection rawConnection() throws Exception {
        if (raw == null || !raw.isOpen()) {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(brokerUri());
            factory.setAutomaticRecoveryEnabled(false);
            raw = factory.newConnection("ebats-test-raw");
        }
        return raw;
    }

    /** Publishes with amqp-client only, mandatory and confirmed. */
    void publishRaw(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body) throws Exception {
        try (Channel ch = rawConnection().createChannel()) {
            ch.confirmSelect();
            AtomicBoolean returned = new AtomicBoolean();
            ch.addReturnListener(r -> returned.set(true));
            ch.basicPublish(exchange, routingKey, true, props, body);
            ch.waitForConfirmsOrDie(5_000);
            if (returned.get()) {
                throw new IllegalStateException("unroutable: exchange '" + exchange + "' key '" + routingKey + "'");
            }
        }
    }

    /** Publishes with amqp-client only, confirmed but not mandatory: an unroutable message is dropped. */
    void publishRawUnrouted(String exchange, String routingKey, AMQP.BasicProperties props, String body)
            throws Exception {
        try (Channel ch = rawConnection().createChannel()) {
            ch.confirmSelect();
            ch.basicPublish(exchange, routingKey, false, props, body.getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(5_000);
        }
    }

    void publishRaw(String exchange, String routingKey, AMQP.BasicProperties props, String body) throws Exception {
        publishRaw(exchange, routingKey, props, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Properties of a well-formed task message as docs/protocol.md describes it. */
    static AMQP.BasicProperties.Builder taskProperties(String taskId, String taskName) {
        return new AMQP.BasicProperties.Builder()
                .messageId(taskId)
                .type(taskName)
                .contentType("application/json")
                .deliveryMode(2)
                .headers(Map.of("x-ebats-attempt", 1));
    }

    /** Messages ready in a queue, or -1 when it does not exist. */
    long ready(String queue) throws Exception {
        Channel ch = rawConnection().createChannel();
        try {
            return ch.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            return -1;
        } finally {
            if (ch.isOpen()) {
                ch.close();
            }
        }
    }

    TopicStatus status(String topic) {
        return ebats.status(List.of(topic)).topics().get(0);
    }
}
