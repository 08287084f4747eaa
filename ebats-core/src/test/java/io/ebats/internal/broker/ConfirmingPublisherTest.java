package io.ebats.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import io.ebats.PublishException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Confirms, nacks, returns, timeouts and a lost connection, on a {@link FakeChannel}. */
class ConfirmingPublisherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private final FakeChannel broker = new FakeChannel();
    private ConfirmingPublisher publisher;

    @AfterEach
    void close() {
        if (publisher != null) {
            publisher.close();
        }
    }

    @Test
    void aPublishIsPendingUntilTheBrokerAcksIt() throws Exception {
        CompletableFuture<Void> confirm = publisher(TIMEOUT).publishAsync("tasks", "orders", props("a"), BODY);

        assertThat(confirm).isNotDone();
        assertThat(broker.published).singleElement().satisfies(p -> {
            assertThat(p.seq()).isEqualTo(1);
            assertThat(p.mandatory()).isTrue();
            assertThat(p.routingKey()).isEqualTo("orders");
        });

        broker.ack(1, false);

        assertThat(confirm).isCompleted();
    }

    @Test
    void aMultipleAckConfirmsEveryPublishUpToItsSequenceNumberAndNoMore() throws Exception {
        publisher(TIMEOUT);
        List<CompletableFuture<Void>> confirms = publish(3);

        broker.ack(2, true);

        assertThat(confirms.get(0)).isCompleted();
        assertThat(confirms.get(1)).isCompleted();
        assertThat(confirms.get(2)).isNotDone();
    }

    @Test
    void aNackFailsThePublish() throws Exception {
        CompletableFuture<Void> confirm = publisher(TIMEOUT).publishAsync("tasks", "orders", props("a"), BODY);

        broker.nack(1, false);

        assertFailed(confirm, "message to exchange 'tasks' with key 'orders' was refused by the broker (nack)");
    }

    @Test
    void aMandatoryPublishTheBrokerReturnsAsUnroutableFailsThoughTheBrokerAcksIt() throws Exception {
        publisher(TIMEOUT);
        CompletableFuture<Void> routed = publisher.publishAsync("tasks", "orders", props("a"), BODY);
        CompletableFuture<Void> unroutable = publisher.publishAsync("tasks", "orders", props("b"), BODY);

        broker.returnUnroutable(broker.published.get(1));
        broker.ack(2, true);

        assertThat(routed).isCompleted();
        assertFailed(unroutable, "could not be routed to any queue (NO_ROUTE)");
    }

    @Test
    void aPublishWithoutAConfirmFailsOnceItsTimeoutIsOver() {
        CompletableFuture<Void> confirm = publisher(TIMEOUT).publishAsync("tasks", "orders", props("a"), BODY);

        publisher.failExpired(System.nanoTime());
        assertThat(confirm).isNotDone();

        publisher.failExpired(System.nanoTime() + TIMEOUT.toNanos());
        assertFailed(confirm, "was not confirmed: no confirm from the broker within 5000 ms");
    }

    @Test
    void theSweeperFailsAPublishWithoutAConfirmWithinAboutItsTimeout() {
        publisher = new ConfirmingPublisher(broker::channel, 1, Duration.ofMillis(50), Duration.ofMillis(10));

        CompletableFuture<Void> confirm = publisher.publishAsync("tasks", "orders", props("a"), BODY);

        assertThat(confirm).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(PublishException.class).withMessageContaining("no confirm from the broker");
    }

    @Test
    void waitingForAConfirmGivesUpAfterTheTimeout() {
        publisher(Duration.ofMillis(50));

        assertThatThrownBy(() -> publisher.await(new CompletableFuture<>(), "task x"))
                .isInstanceOf(PublishException.class)
                .hasMessage("task x was not confirmed by the broker within 50 ms (broker unreachable, blocked or "
                        + "overloaded); treat it as not published");
    }

    @Test
    void losingTheConnectionFailsEveryUnconfirmedPublishAndEveryLaterOneAtOnce() throws Exception {
        publisher(TIMEOUT);
        List<CompletableFuture<Void>> confirms = publish(3);
        broker.ack(1, false);

        broker.loseConnection();

        assertThat(confirms.get(0)).isCompleted();
        assertFailed(confirms.get(1), "connection to the broker lost before the confirm");
        assertFailed(confirms.get(2), "connection to the broker lost before the confirm");
        assertFailed(publisher.publishAsync("tasks", "orders", props("later"), BODY), "could not be sent");
    }

    @Test
    void atTheUnconfirmedLimitAPublishFailsAfterTheTimeoutAndALostConnectionGivesEveryPlaceBack() {
        publisher(Duration.ofMillis(50));
        List<CompletableFuture<Void>> confirms = publish(ConfirmingPublisher.MAX_UNCONFIRMED);

        assertFailed(publisher.publishAsync("tasks", "orders", props("over"), BODY),
                "was not sent: " + ConfirmingPublisher.MAX_UNCONFIRMED + " publishes stayed unconfirmed for 50 ms");
        assertThat(broker.published).hasSize(ConfirmingPublisher.MAX_UNCONFIRMED);

        broker.loseConnection();

        assertThat(confirms).allSatisfy(confirm -> assertThat(confirm).isCompletedExceptionally());
        assertFailed(publisher.publishAsync("tasks", "orders", props("after"), BODY), "could not be sent");
    }

    @Test
    void closingFailsWhatIsStillUnconfirmed() {
        CompletableFuture<Void> confirm = publisher(TIMEOUT).publishAsync("tasks", "orders", props("a"), BODY);

        publisher.close();

        assertFailed(confirm, "publisher closed");
    }

    /** A publisher on the fake channel without a sweeper thread: the tests call {@code failExpired}. */
    private ConfirmingPublisher publisher(Duration timeout) {
        publisher = new ConfirmingPublisher(broker::channel, 1, timeout, null);
        return publisher;
    }

    private List<CompletableFuture<Void>> publish(int count) {
        List<CompletableFuture<Void>> confirms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            confirms.add(publisher.publishAsync("tasks", "orders", props("m" + i), BODY));
        }
        return confirms;
    }

    private static AMQP.BasicProperties props(String id) {
        return new AMQP.BasicProperties.Builder().messageId(id).build();
    }

    private static void assertFailed(CompletableFuture<Void> confirm, String message) {
        assertThat(confirm).isCompletedExceptionally();
        assertThat(confirm).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(PublishException.class).withMessageContaining(message);
    }
}
