package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebats.Registration;
import io.ebats.cli.demo.SeedDemo;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParsingTest {

    @Test
    void registrationWithAndWithoutDelay() {
        Registration delayed = SchedulerCommand.parse("order_create:closeOrder:demo:10s");
        assertThat(delayed).isEqualTo(new Registration("order_create", "closeOrder", "demo", Duration.ofSeconds(10),
                null));
        assertThat(SchedulerCommand.parse("order_paied:virtualShipping:demo").delay()).isZero();
        assertThat(SchedulerCommand.describe(delayed)).isEqualTo("order_create -> closeOrder on demo after 10s");
    }

    @Test
    void registrationWithAWildcardIsRefused() {
        assertThatThrownBy(() -> SchedulerCommand.parse("order.#:closeOrder:demo"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wildcard");
    }

    @Test
    void paramsMergeJsonAndStringParamsWithParamsWinning() {
        Map<String, Object> merged = Params.merge("{\"order_id\": \"A\", \"n\": 2, \"tags\": [\"x\"]}",
                Map.of("order_id", "B"));

        assertThat(merged).containsEntry("order_id", "B").containsEntry("n", 2)
                .containsEntry("tags", java.util.List.of("x"));
        assertThat(Params.merge(null, Map.of())).isEmpty();
    }

    @Test
    void seedDemoKeepsTheSeedNamesInTheDefaultNamespaceOnly() {
        assertThat(SeedDemo.forNamespace("ebats")).isEqualTo(new SeedDemo("order_fanout", "shzf_order_paied"));
        assertThat(SeedDemo.forNamespace("test-1")).isEqualTo(new SeedDemo("order_fanout-test-1",
                "shzf_order_paied-test-1"));
        assertThat(SeedDemo.registry().registrations()).hasSize(2);
    }
}
