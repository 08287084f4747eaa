package io.ebats.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where Qpid Broker-J 10.1 differs from RabbitMQ for an amqp-client 5 user, and where it does not. The engine's
 * broker dialect relies on these; a Qpid upgrade that changes one of them fails here first.
 */
class QpidDialectTest {

    @TempDir
    static Path dir;
    static EmbeddedBroker broker;
    static ConnectionFactory factory;

    Connection connection;
    Channel channel;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start(EmbeddedBrokerTest.options(dir));
        factory = EmbeddedBrokerTest.factory(broker);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @BeforeEach
    void connect() throws Exception {
        connection = factory.newConnection();
        channel = connection.createChannel();
    }

    @AfterEach
    void disconnect() {
        connection.abort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-queue-type", "x-message-ttl", "x-dead-letter-exchange", "x-max-priority",
            "x-expires", "x-overflow", "x-delivery-limit"})
    void rabbitMqQueueArgumentsCloseTheWholeConnectionWith542(String argument) {
        Object value = argument.equals("x-queue-type") ? "quorum" : argument.equals("x-dead-letter-exchange")
                ? "amq.direct" : argument.equals("x-overflow") ? "reject-publish" : (Object) 1000;
        Throwable error = catchThrowable(() -> channel.queueDeclare(queue(), true, false, false, Map.of(argument, value)));

        ShutdownSignalException shutdown = shutdownOf(error);
        assertThat(shutdown.isHardError()).isTrue();
        assertThat(shutdown.getReason()).isInstanceOf(AMQP.Connection.Close.class);
        AMQP.Connection.Close close = (AMQP.Connection.Close) shutdown.getReason();
        assertThat(close.getReplyCode()).isEqualTo(542);
        assertThat(close.getReplyText()).contains("Unsupported queue declare argument(s) : " + argument);
        assertThat(connection.isOpen()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"holdOnPublishEnabled", "x-single-active-consumer", "x-qpid-maximum-delivery-count",
            "alternateExchange"})
    void qpidQueueArgumentsAreAccepted(String argument) throws Exception {
        Object value = switch (argument) {
            case "x-qpid-maximum-delivery-count" -> 3;
            case "alternateExchange" -> "amq.fanout";
            default -> true;
        };
        channel.queueDeclare(queue(), true, false, false, Map.of(argument, value));
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void anExchangeToExchangeBindingDropsTheConnection() throws Exception {
        channel.exchangeDeclare("e2e.source", "topic", true);
        channel.exchangeDeclare("e2e.destination", "topic", true);

        Throwable error = catchThrowable(() -> channel.exchangeBind("e2e.destination", "e2e.source", "#"));

        assertThat(shutdownOf(error).isHardError()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !connection.isOpen());
    }

    @Test
    void nackAndRejectWithoutRequeueRequeueTheMessage() throws Exception {
        String queue = queue();
        channel.queueDeclare(queue, true, false, false, null);
        publishConfirmed(queue, 1);

        GetResponse first = channel.basicGet(queue, false);
        channel.basicNack(first.getEnvelope().getDeliveryTag(), false, false);
        GetResponse again = await().atMost(Duration.ofSeconds(5)).until(() -> channel.basicGet(queue, false),
                response -> response != null);
        assertThat(again.getEnvelope().isRedeliver()).isTrue();

        channel.basicReject(again.getEnvelope().getDeliveryTag(), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> channel.basicGet(queue, true), response -> response != null);
    }

    @Test
    void anUnroutableMandatoryPublishIsReturnedAndNackedAndTheConnectionStaysOpen() throws Exception {
        channel.exchangeDeclare("unroutable", "direct", true);
        channel.confirmSelect();
        AtomicInteger returned = new AtomicInteger();
        channel.addReturnListener(r -> returned.incrementAndGet());

        channel.basicPublish("unroutable", "nowhere", true, MessageProperties.PERSISTENT_BASIC, new byte[] {1});
        boolean allAcked = channel.waitForConfirms(5_000);

        assertThat(allAcked).as("RabbitMQ acks it").isFalse();
        // unlike RabbitMQ, the return may arrive after the nack
        await().atMost(Duration.ofSeconds(5)).until(() -> returned.get() == 1);
        assertThat(String.valueOf(connection.getServerProperties().get("qpid.close_when_no_route")))
                .as("only applies to transactional channels").isEqualTo("true");
        assertThat(channel.isOpen()).isTrue();
        assertThat(connection.isOpen()).isTrue();

        channel.basicPublish("unroutable", "nowhere", false, MessageProperties.PERSISTENT_BASIC, new byte[] {1});
        assertThat(channel.waitForConfirms(5_000)).as("not mandatory: dropped and acked").isTrue();
    }

    @Test
    void aPassiveDeclareOfAMissingQueueClosesTheChannelWith404() {
        Throwable error = catchThrowable(() -> channel.queueDeclarePassive(queue()));

        assertThat(channelCloseCode(error)).isEqualTo(404);
        assertThat(channel.isOpen()).isFalse();
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void deletingAMissingQueueClosesTheChannelWith404() {
        Throwable error = catchThrowable(() -> channel.queueDelete(queue()));

        assertThat(channelCloseCode(error)).as("RabbitMQ answers delete-ok").isEqualTo(404);
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void theMessageCountIncludesUnacknowledgedDeliveries() throws Exception {
        String queue = queue();
        channel.queueDeclare(queue, true, false, false, null);
        publishConfirmed(queue, 3);

        GetResponse unacked = channel.basicGet(queue, false);

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).as("RabbitMQ counts 2 ready").isEqualTo(3);
        channel.basicAck(unacked.getEnvelope().getDeliveryTag(), false);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> channel.queueDeclarePassive(queue).getMessageCount() == 2);
    }

    @Test
    void prefetchLimitsUnacknowledgedDeliveriesPerConsumer() throws Exception {
        String queue = queue();
        channel.queueDeclare(queue, true, false, false, null);
        publishConfirmed(queue, 20);
        AtomicInteger one = new AtomicInteger();
        AtomicInteger two = new AtomicInteger();
        AtomicLong lastTag = new AtomicLong();
        Channel first = holdingConsumer(queue, one, lastTag);
        holdingConsumer(queue, two, new AtomicLong());

        await().atMost(Duration.ofSeconds(5)).until(() -> one.get() == 3 && two.get() == 3);
        first.basicAck(lastTag.get(), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> one.get() == 6);
        assertThat(two).hasValue(3);
    }

    private Channel holdingConsumer(String queue, AtomicInteger received, AtomicLong lastTag) throws Exception {
        Channel consumer = connection.createChannel();
        consumer.basicQos(3);
        consumer.basicConsume(queue, false, new DefaultConsumer(consumer) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                lastTag.set(envelope.getDeliveryTag());
                received.incrementAndGet();
            }
        });
        return consumer;
    }

    private void publishConfirmed(String queue, int count) throws Exception {
        Channel publisher = connection.createChannel();
        publisher.confirmSelect();
        for (int i = 0; i < count; i++) {
            publisher.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, new byte[] {(byte) i});
        }
        publisher.waitForConfirmsOrDie(5_000);
        publisher.close();
    }

    private static String queue() {
        return "dialect." + UUID.randomUUID();
    }

    private static int channelCloseCode(Throwable error) {
        ShutdownSignalException shutdown = shutdownOf(error);
        assertThat(shutdown.isHardError()).isFalse();
        return ((AMQP.Channel.Close) shutdown.getReason()).getReplyCode();
    }

    private static ShutdownSignalException shutdownOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException shutdown) {
                return shutdown;
            }
        }
        throw new AssertionError("expected a shutdown signal, got " + error, error);
    }
}
