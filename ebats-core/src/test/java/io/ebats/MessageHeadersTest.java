package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Headers of other parties on events and tasks. */
class MessageHeadersTest {

    @Test
    void anEventAndATaskCarryHeadersInOrder() {
        Event event = Event.named("order_paied").header("traceparent", "t").header("tracestate", "s");
        NewTask task = NewTask.of("orders", "ship", null).withHeader("traceparent", "t").withHeader("b3", "x");

        assertThat(event.headers()).containsExactly(Map.entry("traceparent", "t"), Map.entry("tracestate", "s"));
        assertThat(task.headers()).containsExactly(Map.entry("traceparent", "t"), Map.entry("b3", "x"));
        assertThat(task.withDelay(Duration.ofSeconds(1)).withId("x").headers()).isEqualTo(task.headers());
        assertThat(NewTask.of("orders", "ship", null).headers()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-ebats-attempt", "X-Ebats-Anything", "x-death", "x-first-death-queue", "x-delivery-count",
            "x-qpid-not-valid-before", " "})
    void reservedOrBlankNamesAreRefusedWithTheRule(String name) {
        assertThatThrownBy(() -> Event.named("e").header(name, "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header");
        assertThatThrownBy(() -> NewTask.of("t", "n", null).withHeader(name, "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NewTask("t", "n", null, Duration.ZERO, "id", null, Map.of(name, "v")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReservedNameSaysWhyAndANullValueIsRefused() {
        assertThatThrownBy(() -> Event.named("e").header("x-ebats-topic", "v"))
                .hasMessageContaining("header x-ebats-topic is reserved: names starting with x-ebats- are ebats's own");
        assertThatThrownBy(() -> Event.named("e").header("traceparent", null)).isInstanceOf(NullPointerException.class);
    }
}
