package io.ebats.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LazyParamsTest {

    private static LazyParams of(String json) {
        return new LazyParams(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAsTheMapOfTheJsonObject() {
        LazyParams params = of("{\"order\":\"FB1\",\"amount\":3,\"tags\":[\"a\"]}");

        assertThat(params).isEqualTo(Map.of("order", "FB1", "amount", 3, "tags", List.of("a")));
        assertThat(params.get("order")).isEqualTo("FB1");
        assertThat(params.containsKey("amount")).isTrue();
        assertThat(params).hasSize(3);
        assertThat(params.toString()).contains("order=FB1");
    }

    @Test
    void canBeChangedLikeAMap() {
        LazyParams params = of("{\"a\":1}");

        params.put("b", 2);
        params.remove("a");

        assertThat(params).containsExactly(Map.entry("b", 2));
    }

    @Test
    void aBodyThatCannotBeReadFailsOnFirstUseNotBefore() {
        LazyParams params = of("{\"n\":" + "9".repeat(200) + "}");

        assertThatThrownBy(() -> params.get("n")).isInstanceOf(IllegalArgumentException.class);
    }
}
