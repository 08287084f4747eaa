package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.BrokerSettings;
import io.ebats.EbatsConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every scenario, with a few messages, on RabbitMQ and on the embedded broker: nothing lost, every history row
 * written, every task of a fanned-out event done, delayed tasks done after they were due. No speed asserted.
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


    private static Report run(String uri) {
        EbatsConfig config = EbatsConfig.builder().broker(BrokerSettings.uri(uri))
                .publishTimeout(Duration.ofSeconds(10))
                .build();
        return new Benchmark(config, SMALL).run(Scenario.parse("all"));
    }

    private static void assertComplete(Report report) {
        assertThat(report.results()).extracting(ScenarioResult::scenario).containsExactly(Scenario.BASELINE,
                Scenario.DIRECT, Scenario.HISTORY, Scenario.TRACING, Scenario.EVENTS, Scenario.FANOUT, Scenario.DELAY);
        assertThat(report.results()).extracting(ScenarioResult::rounds).containsExactly(Benchmark.PAIRED_ROUNDS,
                Benchmark.PAIRED_ROUNDS, Benchmark.PAIRED_ROUNDS, Benchmark.PAIRED_ROUNDS, 1, 1, 1);
        assertThat(report.table()).contains("baseline, direct, history, tracing alternate, 10 timed rounds each");
        for (ScenarioResult result : report.results()) {
            String label = result.scenario().label();
            assertThat(result.error()).as(label).isNull();
            assertThat(result.lost()).as(label + " lost").isZero();
            assertThat(result.done()).as(label).isEqualTo(200 * result.scenario().tasksPerMessage());
            assertThat(result.peakRss()).as(label + " peak RSS").isNotNull();
            assertThat(result.peakRss().reset()).as(label + " peak RSS reset").isTrue();
            assertThat(result.peakRss().megabytes()).as(label + " peak RSS").isGreaterThan(10);
        }
        assertThat(report.result(Scenario.FANOUT).orElseThrow().messages()).isEqualTo(2000);
        ScenarioResult delay = report.result(Scenario.DELAY).orElseThrow();
        // lateness: never before the task was due, and within the round's bound
        long bound = SMALL.timeout().plus(DelayWorkload.LONGEST).toMillis();
        assertThat(delay.p50Millis()).as("delay p50 lateness").isGreaterThanOrEqualTo(0).isLessThan(bound);
        assertThat(delay.maxMillis()).as("delay max lateness").isGreaterThanOrEqualTo(delay.p99Millis())
                .isLessThan(bound);
        assertThat(delay.seconds()).as("a delay round waits out its delays")
                .isGreaterThan(DelayWorkload.LONGEST.toSeconds() * 0.9);
        HistoryWrites history = report.result(Scenario.HISTORY).orElseThrow().history();
        assertThat(history.written()).isEqualTo(200);
        assertThat(history.rows()).isEqualTo(200);
        assertThat(report.lost()).isZero();
        assertThat(report.ok()).isTrue();
        assertThat(report.ratio(Scenario.DELAY)).isEmpty();
        assertThat(report.table()).contains("baseline", "direct", "events", "direct/baseline", "events/baseline",
                "fanout/baseline", "history/direct", "tracing/direct", "peak RSS MB", "fanout: 200 events x 10 tasks",
                "delay: 200 tasks due").doesNotContain("delay/baseline");
    }
}
