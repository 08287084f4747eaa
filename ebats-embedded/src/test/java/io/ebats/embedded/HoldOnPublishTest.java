package io.ebats.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Qpid's native delay: a queue declared with {@code holdOnPublishEnabled} and a header naming the due time. */
class HoldOnPublishTest {

    static final String NOT_VALID_BEFORE = "x-qpid-not-valid-before";
    /** Generous for a loaded machine; measured here about 100 ms (the housekeeping period). */
    static final long MAX_LATENESS_MS = 1_000;

    @TempDir
    static Path dir;
    static EmbeddedBroker broker;
    static Connection connection;

    record Arrival(String id, long due, long at) {
        long lateness() {
            return at - due;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start(EmbeddedBrokerTest.options(dir));
        connection = EmbeddedBrokerTest.factory(broker).newConnection();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (connection != null) {
                connection.abort();
            }
        } finally {
            broker.close();
        }
    }

    @Test
    void aHeldMessageArrivesWhenDueAndNotBefore() throws Exception {
        String queue = heldQueue();
        long due = System.currentTimeMillis() + 1_000;
        publish(queue, "held", due);
        List<Arrival> arrivals = consume(queue, Map.of("held", due));

        await().atMost(Duration.ofSeconds(5)).until(() -> arrivals.size() == 1);
        Arrival arrival = arrivals.get(0);
        System.out.printf("held 1 s: lateness %d ms%n", arrival.lateness());
        assertThat(arrival.lateness()).isBetween(0L, MAX_LATENESS_MS);
    }

    @Test
    void aHeldMessageDoesNotBlockLaterMessagesThatAreAlreadyDueAndIsCountedInTheQueueDepth() throws Exception {
        String queue = heldQueue();
        long now = System.currentTimeMillis();
        Map<String, Long> due = Map.of("2s", now + 2_000, "300ms", now + 300, "now", 0L);
        publish(queue, "2s", due.get("2s"));
        publish(queue, "300ms", due.get("300ms"));
        publish(queue, "now", 0);

        Channel channel = connection.createChannel();
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(3);
        assertThat(channel.basicGet(queue, true).getProps().getMessageId()).isEqualTo("now"); // behind two held ones
        channel.close();

        List<Arrival> arrivals = consume(queue, due);
        await().atMost(Duration.ofSeconds(6)).until(() -> arrivals.size() == 2);
        assertThat(arrivals).extracting(Arrival::id).containsExactly("300ms", "2s");
        arrivals.forEach(a -> System.out.printf("held %s: lateness %d ms%n", a.id(), a.lateness()));
        assertThat(arrivals).allSatisfy(a -> assertThat(a.lateness()).isBetween(0L, MAX_LATENESS_MS));
    }

    @Test
    void theHeaderIsIgnoredOnAQueueWithoutHoldOnPublish() throws Exception {
        Channel channel = connection.createChannel();
        String queue = "plain." + UUID.randomUUID();
        channel.queueDeclare(queue, true, false, false, null);
        publish(queue, "not-held", System.currentTimeMillis() + 60_000);
        assertThat(channel.basicGet(queue, true)).isNotNull();
        channel.close();
    }

    private static String heldQueue() throws Exception {
        Channel channel = connection.createChannel();
        String queue = "held." + UUID.randomUUID();
        channel.queueDeclare(queue, true, false, false, Map.of("holdOnPublishEnabled", true));
        channel.close();
        return queue;
    }

    private static void publish(String queue, String id, long notValidBefore) throws Exception {
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        var properties = new AMQP.BasicProperties.Builder().deliveryMode(2).messageId(id);
        if (notValidBefore > 0) {
            properties.headers(Map.of(NOT_VALID_BEFORE, notValidBefore));
        }
        channel.basicPublish("", queue, true, properties.build(), id.getBytes());
        channel.waitForConfirmsOrDie(5_000);
        channel.close();
    }

    private static List<Arrival> consume(String queue, Map<String, Long> due) throws Exception {
        List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        Channel channel = connection.createChannel();
        channel.basicQos(10);
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                long at = System.currentTimeMillis();
                String id = properties.getMessageId();
                arrivals.add(new Arrival(id, due.get(id), at));
                channel.basicAck(envelope.getDeliveryTag(), false);
            }
        });
        return arrivals;
    }
}
