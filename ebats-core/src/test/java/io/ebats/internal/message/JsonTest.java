package io.ebats.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    record Order(String orderId, int amount) {
    }

    private static byte[] nested(int depth) {
        return ("{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nestingUpTo64LevelsIsReadAndDeeperIsRefused() {
        assertThat(Json.MAX_DEPTH).isEqualTo(64);

        assertThat(Json.readObject(nested(64))).containsKey("a");
        Json.requireObject(nested(64));

        assertThatThrownBy(() -> Json.readObject(nested(65))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> Json.requireObject(nested(65))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> Json.read(nested(1000), Map.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void numbersWithAbsurdlyManyDigitsAreRefused() {
        byte[] body = ("{\"n\":" + "9".repeat(200) + "}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Json.readObject(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void readObjectReadsOnlyOneJsonObject() {
        assertThat(Json.readObject("{\"n\":1,\"s\":[\"x\"]}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Map.of("n", 1, "s", List.of("x")));

        assertThatThrownBy(() -> Json.readObject("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("body must be a JSON object");
        assertThatThrownBy(() -> Json.readObject("{} {}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content after the JSON object");
        assertThatThrownBy(() -> Json.readObject("{\"a\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void paramsAreWrittenAsAJsonObject() {
        assertThat(new String(Json.writeParams(Map.of("order_id", "FB1")), StandardCharsets.UTF_8))
                .isEqualTo("{\"order_id\":\"FB1\"}");
        assertThat(new String(Json.writeParams(new Order("FB1", 3)), StandardCharsets.UTF_8))
                .isEqualTo("{\"orderId\":\"FB1\",\"amount\":3}");
        assertThat(new String(Json.writeParams(null), StandardCharsets.UTF_8)).isEqualTo("{}");
        byte[] raw = "{\"raw\":true}".getBytes(StandardCharsets.UTF_8);
        assertThat(Json.writeParams(raw)).isSameAs(raw);
    }

    @Test
    void paramsThatAreNotAJsonObjectAreRefused() {
        assertThatThrownBy(() -> Json.writeParams(List.of(1, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("params must serialise to a JSON object, got ARRAY");
        assertThatThrownBy(() -> Json.writeParams("text")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got STRING");
        assertThatThrownBy(() -> Json.writeParams(42)).hasMessageContaining("got NUMBER from java.lang.Integer");
        assertThatThrownBy(() -> Json.writeParams(true)).hasMessageContaining("got BOOLEAN");
        assertThatThrownBy(() -> Json.writeParams("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("body must be a JSON object");
    }

    @Test
    void paramsAreBoundToRecordsAndUnknownFieldsAreIgnored() {
        byte[] body = "{\"orderId\":\"FB1\",\"amount\":3,\"extra\":\"ignored\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(Json.read(body, Order.class)).isEqualTo(new Order("FB1", 3));
        assertThatThrownBy(() -> Json.read("{\"amount\":\"many\"}".getBytes(StandardCharsets.UTF_8), Order.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("params do not fit Order");
    }
}
