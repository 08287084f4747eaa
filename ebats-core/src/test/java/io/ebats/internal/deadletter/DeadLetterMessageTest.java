package io.ebats.internal.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterMessageTest {

    private static AMQP.BasicProperties original() {
        Map<String, Object> headers = new HashMap<>();
        headers.put("x-ebats-attempt", 3);
        headers.put("x-death", List.of(Map.of("queue", "q")));
        headers.put("x-first-death-reason", "expired");
        headers.put("x-delivery-count", 2);
        headers.put("custom", "kept");
        return new AMQP.BasicProperties.Builder().messageId("t-1").type("ship").expiration("1000")
                .deliveryMode(1).headers(headers).build();
    }

    @Test
    void deadLetterKeepsTheMessageAndAddsWhyWhenAndWhere() {
        long before = System.currentTimeMillis();

        AMQP.BasicProperties dead = DeadLetterMessage.properties(original(), "task-exception",
                new IllegalStateException("boom"), null, 3, "ns.task.demo", "demo");

        Map<String, Object> h = dead.getHeaders();
        assertThat(dead.getMessageId()).isEqualTo("t-1");
        assertThat(dead.getType()).isEqualTo("ship");
        assertThat(dead.getDeliveryMode()).isEqualTo(2);
        assertThat(dead.getExpiration()).isNull();
        assertThat(h).containsEntry("x-ebats-dead-reason", "task-exception")
                .containsEntry("x-ebats-attempts", 3)
                .containsEntry("x-ebats-source-queue", "ns.task.demo")
                .containsEntry("x-ebats-routing-key", "demo")
                .containsEntry("x-ebats-error-class", "java.lang.IllegalStateException")
                .containsEntry("x-ebats-error-message", "boom")
                .containsEntry("custom", "kept")
                .containsEntry("x-ebats-attempt", 3)
                .doesNotContainKeys("x-death", "x-first-death-reason", "x-delivery-count");
        assertThat((String) h.get("x-ebats-error-stack")).startsWith("java.lang.IllegalStateException: boom");
        assertThat((Long) h.get("x-ebats-dead-at")).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void reasonWithoutAnErrorCarriesTheDetailAsMessage() {
        AMQP.BasicProperties dead = DeadLetterMessage.properties(original(), "unknown-task", null,
                "no handler for task ship", 1, "q", "demo");

        assertThat(dead.getHeaders()).containsEntry("x-ebats-error-message", "no handler for task ship")
                .doesNotContainKeys("x-ebats-error-class", "x-ebats-error-stack");
    }

    @Test
    void longErrorMessagesAndStacksAreCut() {
        Exception deep = new RuntimeException("m".repeat(5000));
        for (int i = 0; i < 50; i++) {
            deep = new RuntimeException("level " + i, deep);
        }
        Exception error = new RuntimeException("x".repeat(5000), deep);

        Map<String, Object> h = DeadLetterMessage.properties(original(), "r", error, null, 1, "q", "k").getHeaders();

        assertThat((String) h.get("x-ebats-error-message")).hasSize(1003).endsWith("...");
        assertThat((String) h.get("x-ebats-error-stack")).hasSize(DeadLetterMessage.STACK_EXCERPT_CHARS + 3);
    }

    @Test
    void routingKeyOfAnEarlierDeathIsKept() {
        AMQP.BasicProperties replayed = original().builder()
                .headers(Map.of("x-ebats-routing-key", "order_paied")).build();

        AMQP.BasicProperties dead = DeadLetterMessage.properties(replayed, "no-registration", null, "none", 0,
                "ns.scheduler", "ns.scheduler");

        assertThat(dead.getHeaders()).containsEntry("x-ebats-routing-key", "order_paied");
    }
}
