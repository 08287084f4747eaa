package io.ebats.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AckBatcher} on a real quorum queue: what it acks, and above all what it must not ack. */
class AckBatcherIT {

    private static final String BROKER_URI = System.getenv().getOrDefault("EBATS_TEST_BROKER_URI",
            "amqp://guest:guest@127.0.0.1:5672");

    private final String queue = "ack-batcher-" + UUID.randomUUID().toString().substring(0, 8);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<Envelope> deliveries = new LinkedBlockingQueue<>();
    private Connection connection;
    private Channel consuming;

    @BeforeEach
    void declareQueue() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(BROKER_URI);
        connection = factory.newConnection("ack-batcher-it");
        try (Channel ch = connection.createChannel()) {
            ch.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
        }
    }

    @AfterEach
    void deleteQueue() throws Exception {
        timer.shutdownNow();
        try (Channel ch = connection.createChannel()) {
            ch.queueDelete(queue);
        } finally {
            connection.close();
        }
    }

    @Test
    void acksInAnyOrderSettleTheAckedTagsAndLeaveTheUnsettledOneQueued() throws Exception {
        List<Envelope> got = consume(10, 10);
        AckBatcher acks = batcher(got, 4, 10_000);
        long unsettled = got.get(5).getDeliveryTag();
        for (int i : new int[] {3, 1, 0, 2, 9, 7, 4, 8, 6}) {
            assertThat(acks.ack(got.get(i).getDeliveryTag())).isTrue();
        }
        assertThat(acks.flush()).isTrue();
        assertThat(acks.heldCount()).isZero();
        assertThat(acks.ack(got.get(3).getDeliveryTag())).as("a tag acked twice").isFalse();

        assertThat(consuming.isOpen()).as("no unknown delivery tag was acked").isTrue();
        consuming.close(); // what is not acknowledged goes back to the queue
        assertRemaining("m" + (unsettled - 1));
    }

    @Test
    void acksAboveAnUnsettledDeliveryWaitUntilABatchIsHeldThenGoSingly() throws Exception {
        List<Envelope> got = consume(6, 6);
        AckBatcher acks = batcher(got, 4, 60_000);
        for (int i = 1; i <= 3; i++) {
            acks.ack(got.get(i).getDeliveryTag());
        }
        assertThat(acks.heldCount()).as("m0 runs on: nothing can be acked with multiple").isEqualTo(3);
        acks.ack(got.get(4).getDeliveryTag());
        assertThat(acks.heldCount()).isZero();

        assertThat(consuming.isOpen()).isTrue();
        consuming.close();
        assertRemaining("m0", "m5");
    }

    @Test
    void heldAcksGoOutWithinTheMaximumHoldTime() throws Exception {
        List<Envelope> got = consume(3, 3);
        AckBatcher acks = batcher(got, 100, 20);
        acks.ack(got.get(0).getDeliveryTag());
        acks.ack(got.get(2).getDeliveryTag());
        assertThat(acks.heldCount()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(5)).until(() -> acks.heldCount() == 0);
        consuming.close();
        assertRemaining("m1");
    }

    @Test
    void theLastUnsettledDeliveryFlushesAtOnce() throws Exception {
        List<Envelope> got = consume(2, 2);
        AckBatcher acks = batcher(got, 100, 60_000);
        acks.ack(got.get(1).getDeliveryTag());
        assertThat(acks.heldCount()).isEqualTo(1);
        acks.ack(got.get(0).getDeliveryTag());
        assertThat(acks.heldCount()).isZero();

        consuming.close();
        assertRemaining();
    }

    @Test
    void aRequeuedDeliveryIsDeliveredAgainAtOnceAndNotAckedByALaterMultipleAck() throws Exception {
        List<Envelope> got = consume(3, 3);
        AckBatcher acks = batcher(got, 1, 60_000);
        acks.requeue(got.get(0).getDeliveryTag());
        Envelope again = deliveries.poll(10, TimeUnit.SECONDS);
        assertThat(again).isNotNull();
        assertThat(again.isRedeliver()).isTrue();
        acks.delivered(again.getDeliveryTag());

        acks.ack(got.get(1).getDeliveryTag());
        acks.ack(got.get(2).getDeliveryTag());
        assertThat(consuming.isOpen()).isTrue();
        consuming.close();
        assertRemaining("m0");
    }

    @Test
    void aClosedChannelsDeliveriesAreNoLongerOwned() throws Exception {
        List<Envelope> got = consume(1, 1);
        AckBatcher acks = batcher(got, 1, 60_000);
        assertThat(acks.owns(got.get(0).getDeliveryTag())).isTrue();
        consuming.close();
        assertThat(acks.owns(got.get(0).getDeliveryTag())).isFalse();
        assertThat(acks.ack(got.get(0).getDeliveryTag())).isFalse();
        assertRemaining("m0");
    }

    /** A batcher of the consuming channel that has seen {@code got} delivered. */
    private AckBatcher batcher(List<Envelope> got, int batch, long maxHoldMillis) {
        AckBatcher acks = new AckBatcher(consuming, batch, maxHoldMillis, timer);
        got.forEach(e -> acks.delivered(e.getDeliveryTag()));
        return acks;
    }

    /** Publishes {@code count} messages m0, m1, … and consumes them with {@code prefetch}, unacknowledged. */
    private List<Envelope> consume(int count, int prefetch) throws Exception {
        try (Channel ch = connection.createChannel()) {
            ch.confirmSelect();
            for (int i = 0; i < count; i++) {
                ch.basicPublish("", queue, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                        ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            ch.waitForConfirmsOrDie(10_000);
        }
        consuming = connection.createChannel();
        consuming.basicQos(prefetch);
        consuming.basicConsume(queue, false, new DefaultConsumer(consuming) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                deliveries.add(envelope);
            }
        });
        List<Envelope> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Envelope envelope = deliveries.poll(10, TimeUnit.SECONDS);
            assertThat(envelope).as("delivery " + i).isNotNull();
            got.add(envelope);
        }
        return got;
    }

    /**
     * Once the closed channel's unacknowledged deliveries are back, exactly {@code bodies} are left in the queue,
     * in this order; they are taken from it.
     */
    private void assertRemaining(String... bodies) throws Exception {
        List<String> left = new ArrayList<>();
        try (Channel ch = connection.createChannel()) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> ch.queueDeclarePassive(queue).getConsumerCount() == 0);
            // deliveries return a little after their consumer is gone: the count must hold, not just be reached
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(ch.queueDeclarePassive(queue).getMessageCount())
                            .as("messages ready in " + queue).isEqualTo(bodies.length));
            GetResponse response;
            while ((response = ch.basicGet(queue, true)) != null) {
                left.add(new String(response.getBody(), StandardCharsets.UTF_8));
            }
        }
        assertThat(left).containsExactly(bodies);
    }
}
