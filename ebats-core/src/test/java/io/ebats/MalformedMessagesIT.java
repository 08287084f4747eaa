package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages that a producer in another language could get wrong, published with nothing but amqp-client: each
 * becomes a dead letter with reason {@code malformed}, is never reported as a success, and the worker goes on.
 */
class MalformedMessagesIT extends BrokerTestSupport {

    static Stream<Arguments> malformedMessages() {
        String deep = "{\"a\":".repeat(70) + "1" + "}".repeat(70);
        return Stream.of(
                malformed("body that is not JSON", p -> p, "this is not json", "not valid JSON"),
                malformed("body that is a JSON array", p -> p, "[1,2,3]", "must be a JSON object"),
                malformed("body nested deeper than 64 levels", p -> p, deep, "nesting depth"),
                malformed("body over the size limit", p -> p,
                        "{\"big\":\"" + "x".repeat(EbatsConfig.DEFAULT_MAX_MESSAGE_BYTES) + "\"}", "exceeds the limit"),
                malformed("content type that is not JSON", p -> p.contentType("text/plain"), "{}",
                        "content_type must be application/json"),
                malformed("missing message_id", p -> p.messageId(null), "{}", "missing message_id"),
                malformed("missing type", p -> p.type(null), "{}", "missing type"),
                malformed("attempt header that is not a number", p -> p.headers(Map.of("x-ebats-attempt", "many")),
                        "{}", "x-ebats-attempt must be a whole number"),
                malformed("due time that is negative", p -> p.headers(Map.of("x-ebats-due-at", -5L)), "{}",
                        "x-ebats-due-at must not be negative"),
                malformed("due time beyond any ladder", p -> p.headers(Map.of("x-ebats-created-at", 0L,
                        "x-ebats-due-at", Long.MAX_VALUE)), "{}", "beyond the longest possible delay"),
                malformed("due time that is not a number", p -> p.headers(Map.of("x-ebats-due-at", "soon")), "{}",
                        "x-ebats-due-at must be a whole number"),
                malformed("random bytes", p -> p, new String(new byte[]{(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, 0x7B},
                        StandardCharsets.ISO_8859_1), "not valid JSON"),
                malformed("retry headers out of bounds", p -> p.headers(Map.of("x-ebats-attempt", 1,
                        "x-ebats-max-attempts", 0)), "{}", "retry headers are invalid"));
    }

    private static Arguments malformed(String what, Function<AMQP.BasicProperties.Builder, AMQP.BasicProperties.Builder> props,
                                       String body, String expectedDetail) {
        return Arguments.of(what, props, body, expectedDetail);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void malformedTaskIsDeadLetteredNeverSucceedsAndTheWorkerKeepsRunning(
            String what, Function<AMQP.BasicProperties.Builder, AMQP.BasicProperties.Builder> props, String body,
            String expectedDetail) throws Exception {
        String topic = topic("malformed");
        AtomicInteger handlerCalls = new AtomicInteger();
        Worker worker = ebats.worker().topic(topic).listener(attempts::add)
                .handle("parse", (p, ctx) -> handlerCalls.incrementAndGet())
                .start();
        String badId = UUID.randomUUID().toString();

        // half the cases through the tasks exchange, half straight into the queue: both are documented routes
        AMQP.BasicProperties properties = props.apply(taskProperties(badId, "parse")).build();
        if (what.hashCode() % 2 == 0) {
            publishRaw(tasksExchange(), topic, properties, body);
        } else {
            publishRaw("", taskQueue(topic), properties, body);
        }

        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
        DeadLetter dead = ebats.deadLetters().list(DeadLetterSource.topic(topic), 5).get(0);
        assertThat(dead.reason()).isEqualTo("malformed");
        assertThat(dead.errorMessage()).contains(expectedDetail);
        assertThat(dead.headers()).containsEntry("x-ebats-source-queue", taskQueue(topic));
        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attempts.peek().outcome()).isEqualTo(Outcome.DEAD);
        assertThat(attempts.peek().message()).contains(expectedDetail);

        String goodId = ebats.tasks().create(topic, "parse", params("fine", true));
        await().atMost(WAIT).until(() -> attempts.size() == 2);
        assertThat(attemptsOf(goodId)).singleElement().extracting(Attempt::outcome).isEqualTo(Outcome.SUCCEEDED);
        assertThat(attempts).filteredOn(a -> a.outcome() == Outcome.SUCCEEDED).hasSize(1);
        assertThat(handlerCalls).hasValue(1);
        assertThat(worker.isRunning()).isTrue();
        assertThat(status(topic).ready()).isZero();
    }
}
