package io.ebats.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.NewTask;
import java.util.Objects;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DemoPublisherTest {

    @Test
    void everyTenthTickFailsForGoodAndHalfWayATaskIsRetriedTwice() {
        assertThat(LongStream.rangeClosed(1, 30).mapToObj(tick -> DemoPublisher.diagnosticTask(tick, "FB" + tick))
                .filter(Objects::nonNull).map(NewTask::name))
                .containsExactly("diag.flaky", "diag.fail", "diag.flaky", "diag.fail", "diag.flaky", "diag.fail");

        NewTask fail = DemoPublisher.diagnosticTask(10, "FB10");
        assertThat(fail.topic()).isEqualTo(DemoShop.TOPIC);
        assertThat(fail.params()).isEqualTo(NewTask.params("order_id", "FB10", "message",
                "demo: card of order FB10 declined"));
        assertThat(DemoPublisher.diagnosticTask(5, "FB5").params()).isEqualTo(NewTask.params("order_id", "FB5",
                "failures", 2));
        assertThat(DemoPublisher.diagnosticTask(11, "FB11")).isNull();
    }
}
