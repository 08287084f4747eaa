package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.BrokerSettings;
import io.ebats.EbatsConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every scenario, with a few messages, on RabbitMQ and on the embedded broker: nothing lost, every history row
 * written. No speed asserted.
 */
class BenchmarkIT {

    static final String RABBITMQ = System.getenv().getOrDefault("EBATS_TEST_BROKER_URI",
            "amqp://guest:guest@127.0.0.1:5672");
    private static final BenchmarkOptions SMALL = BenchmarkOptions.defaults().withMessages(200).withWarmup(20)
            .withTimeout(Duration.ofSeconds(30));

    @Test
    void everyScenarioDeliversEveryMessageOnRabbitMq() {
        Report report = run(RABBITMQ);

        assertThat(report.broker()).startsWith("rabbitmq");
        assertThat(report.queueType()).isEqualTo("quorum");
        assertComplete(report);
    }

    @Test
    void everyScenarioDeliversEveryMessageOnTheEmbeddedBroker() {
        try (EmbeddedBenchBroker broker = EmbeddedBenchBroker.start()) {
            Report report = run(broker.uri());

            assertThat(report.broker()).startsWith("qpid");
            assertThat(report.queueType()).isEqualTo("durable");
            assertComplete(report);
        }
    }

    @Test
    void scenariosParseFromTheCommandLine() {
        assertThat(Scenario.parse("all"))
                .containsExactly(Scenario.BASELINE, Scenario.DIRECT, Scenario.HISTORY, Scenario.EVENTS);
        assertThat(Scenario.parse("events,baseline")).containsExactly(Scenario.BASELINE, Scenario.EVENTS);
        assertThat(Scenario.parse("history, direct")).containsExactly(Scenario.DIRECT, Scenario.HISTORY);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scenario.parse("fanout"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fanout");
    }

    @Test
    void percentilesUseTheNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(Round.percentile(sorted, 50)).isEqualTo(5);
        assertThat(Round.percentile(sorted, 99)).isEqualTo(10);
        assertThat(Round.percentile(new long[0], 99)).isZero();
    }

    private static Report run(String uri) {
        EbatsConfig config = EbatsConfig.defaults().withBroker(BrokerSettings.uri(uri))
                .withPublishTimeout(Duration.ofSeconds(10));
        return new Benchmark(config, SMALL).run(Scenario.parse("all"));
    }

    private static void assertComplete(Report report) {
        assertThat(report.results()).extracting(ScenarioResult::scenario)
                .containsExactly(Scenario.BASELINE, Scenario.DIRECT, Scenario.HISTORY, Scenario.EVENTS);
        for (ScenarioResult result : report.results()) {
            assertThat(result.error()).as(result.scenario().label()).isNull();
            assertThat(result.lost()).as(result.scenario().label() + " lost").isZero();
            assertThat(result.done()).isEqualTo(200);
        }
        HistoryWrites history = report.result(Scenario.HISTORY).orElseThrow().history();
        assertThat(history.written()).isEqualTo(200);
        assertThat(history.rows()).isEqualTo(200);
        assertThat(report.lost()).isZero();
        assertThat(report.ok()).isTrue();
        assertThat(report.table()).contains("baseline", "direct", "events", "direct/baseline", "events/baseline",
                "history/direct");
    }
}
