package io.ebats.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import io.ebats.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TaskMessageTest {

    private static final int LIMIT = 1024 * 1024;
    private static final byte[] BODY = "{\"order_id\":\"FB1\"}".getBytes(StandardCharsets.UTF_8);

    private static AMQP.BasicProperties.Builder valid() {
        return new AMQP.BasicProperties.Builder().messageId("task-1").type("ship").contentType("application/json")
                .headers(Map.of("x-ebats-attempt", 1));
    }

    private static TaskMessage decode(AMQP.BasicProperties props, byte[] body) {
        return TaskMessage.decode("demo", props, body, LIMIT);
    }

    private static TaskMessage decode(UnaryOperator<AMQP.BasicProperties.Builder> change) {
        return decode(change.apply(valid()).build(), BODY);
    }

    @Test
    void publishedPropertiesDecodeToTheSameTask() {
        RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(3), 3.0, 0.25);
        TaskMessage task = new TaskMessage("task-1", "ship", "demo", 2, "event-9", "order_paied", 1_700_000_000_000L,
                policy, BODY);

        AMQP.BasicProperties props = task.properties(Duration.ofSeconds(5));
        TaskMessage back = decode(props, BODY);

        assertThat(back.id()).isEqualTo("task-1");
        assertThat(back.name()).isEqualTo("ship");
        assertThat(back.topic()).isEqualTo("demo");
        assertThat(back.attempt()).isEqualTo(2);
        assertThat(back.eventId()).isEqualTo("event-9");
        assertThat(back.eventName()).isEqualTo("order_paied");
        assertThat(back.createdAt()).isEqualTo(1_700_000_000_000L);
        assertThat(back.retryPolicy()).isEqualTo(policy);
        assertThat(back.body()).isEqualTo(BODY);
        assertThat(props.getDeliveryMode()).isEqualTo(2);
        assertThat(props.getContentType()).isEqualTo("application/json");
        assertThat(((Number) props.getHeaders().get("x-ebats-due-at")).longValue())
                .isBetween(System.currentTimeMillis(), System.currentTimeMillis() + 5_000);
    }

    @Test
    void nextAttemptAndFirstAttemptKeepIdParamsAndPolicy() {
        TaskMessage task = new TaskMessage("t", "ship", "demo", 3, null, null, 1L, RetryPolicy.NONE, BODY);

        assertThat(task.nextAttempt().attempt()).isEqualTo(4);
        assertThat(task.nextAttempt().id()).isEqualTo("t");
        assertThat(task.firstAttempt().attempt()).isEqualTo(1);
        assertThat(task.firstAttempt().retryPolicy()).isEqualTo(RetryPolicy.NONE);
        assertThat(task.properties(Duration.ZERO).getHeaders()).doesNotContainKey("x-ebats-due-at");
    }

    @Test
    void headersOfOtherPartiesTravelWithTheRetryButBrokerHeadersDoNot() {
        Map<String, Object> headers = new HashMap<>();
        headers.put("x-ebats-attempt", 1);
        headers.put("traceparent", "00-abc-01");
        headers.put("x-death", List.of(Map.of("count", 1L)));
        headers.put("x-delivery-count", 2L);

        TaskMessage retry = decode(p -> p.headers(headers)).nextAttempt();
        Map<String, Object> sent = retry.properties(Duration.ofSeconds(1)).getHeaders();

        assertThat(sent).containsEntry("traceparent", "00-abc-01").containsEntry("x-ebats-attempt", 2)
                .doesNotContainKeys("x-death", "x-delivery-count");
    }

    @Test
    void headersFromOtherClientsAreReadWhateverTheirAmqpType() {
        Map<String, Object> headers = new HashMap<>();
        headers.put("x-ebats-attempt", LongStringHelper.asLongString("3"));
        headers.put("x-ebats-event-id", LongStringHelper.asLongString("e-1"));
        headers.put("x-ebats-max-attempts", (byte) 5);
        headers.put("x-ebats-initial-backoff-ms", 250L);
        headers.put("x-ebats-backoff-jitter", "0");

        TaskMessage task = decode(p -> p.headers(headers));

        assertThat(task.attempt()).isEqualTo(3);
        assertThat(task.eventId()).isEqualTo("e-1");
        assertThat(task.retryPolicy()).isEqualTo(new RetryPolicy(5, Duration.ofMillis(250),
                RetryPolicy.DEFAULT_MAX_BACKOFF, 2.0, 0.0));
    }

    @Test
    void minimalMessageOfAnotherLanguageIsAFirstAttemptWithTheWorkersPolicy() {
        TaskMessage task = decode(new AMQP.BasicProperties.Builder().messageId("t").type("ship")
                .timestamp(new Date(1_600_000_000_000L)).build(), "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(task.attempt()).isEqualTo(1);
        assertThat(task.retryPolicy()).isNull();
        assertThat(task.eventId()).isNull();
        assertThat(task.createdAt()).isEqualTo(1_600_000_000_000L);
    }

    @Test
    void jsonContentTypeWithParametersIsAccepted() {
        assertThat(decode(p -> p.contentType("application/json; charset=utf-8")).id()).isEqualTo("task-1");
    }

    @Test
    void missingIdOrNameIsMalformed() {
        assertMalformed(p -> p.messageId(null), "missing message_id (the task id)");
        assertMalformed(p -> p.messageId("  "), "missing message_id (the task id)");
        assertMalformed(p -> p.type(null), "missing type (the task name)");
        assertMalformed(p -> p.type(""), "missing type (the task name)");
    }

    @Test
    void contentTypeOtherThanJsonIsMalformed() {
        assertMalformed(p -> p.contentType("text/plain"), "content_type must be application/json, was text/plain");
        assertMalformed(p -> p.contentType("application/x-java-serialized-object"), "content_type must be");
    }

    @Test
    void attemptHeaderOutOfRangeOrNotANumberIsMalformed() {
        assertMalformed(p -> p.headers(Map.of("x-ebats-attempt", 0)), "x-ebats-attempt must be between 1 and 1000000, was 0");
        assertMalformed(p -> p.headers(Map.of("x-ebats-attempt", 2_000_000)), "x-ebats-attempt");
        assertMalformed(p -> p.headers(Map.of("x-ebats-attempt", "two")),
                "header x-ebats-attempt must be a whole number, was 'two'");
        assertMalformed(p -> p.headers(Map.of("x-ebats-created-at", "yesterday")), "x-ebats-created-at");
    }

    @Test
    void invalidRetryHeadersAreMalformed() {
        assertMalformed(p -> p.headers(Map.of("x-ebats-max-attempts", 0)), "retry headers are invalid");
        assertMalformed(p -> p.headers(Map.of("x-ebats-max-attempts", 3, "x-ebats-initial-backoff-ms", 5000,
                "x-ebats-max-backoff-ms", 100)), "maxBackoff must be at least initialBackoff");
        assertMalformed(p -> p.headers(Map.of("x-ebats-max-attempts", 3, "x-ebats-backoff-multiplier", "fast")),
                "x-ebats-backoff-multiplier must be a number");
        assertMalformed(p -> p.headers(Map.of("x-ebats-max-attempts", 3, "x-ebats-backoff-jitter", 2.0)),
                "jitter must be between 0 and 1");
    }

    @Test
    void bodyThatIsNotOneJsonObjectWithinTheLimitsIsMalformed() {
        assertMalformedBody("not json", "not valid JSON");
        assertMalformedBody("[1,2]", "body must be a JSON object");
        assertMalformedBody("\"text\"", "body must be a JSON object");
        assertMalformedBody("", "body must be a JSON object");
        assertMalformedBody("{} {}", "content after the JSON object");
        assertMalformedBody("{\"a\":1", "not valid JSON");
        assertMalformedBody("{\"a\":" + "[".repeat(80) + "]".repeat(80) + "}", "nesting depth");

        byte[] big = ("{\"x\":\"" + "y".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TaskMessage.decode("demo", valid().build(), big, 1024))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("body of " + big.length + " bytes exceeds the limit of 1024 bytes");
    }

    private static void assertMalformed(UnaryOperator<AMQP.BasicProperties.Builder> change, String message) {
        assertThatThrownBy(() -> decode(change)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(message);
    }

    private static void assertMalformedBody(String body, String message) {
        assertThatThrownBy(() -> decode(valid().build(), body.getBytes(StandardCharsets.UTF_8)))
                .as(body).isInstanceOf(MalformedMessageException.class).hasMessageContaining(message);
    }
}
