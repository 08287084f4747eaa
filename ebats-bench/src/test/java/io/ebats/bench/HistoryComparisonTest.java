package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** How the history scenario is measured against direct and reported, without a broker. */
class HistoryComparisonTest {

    private static final BenchmarkOptions OPTIONS = BenchmarkOptions.defaults().withMessages(1000);

    @Test
    void historyIsComparedWithDirect() {
        Report report = report(new HistoryWrites("h2 file", 1000, 1000, 0, 0, 1000, 1.3, 0.4));

        assertThat(report.ok()).isTrue();
        assertThat(report.ratio(Scenario.HISTORY, Scenario.DIRECT)).hasValue(0.9);
        assertThat(report.table()).contains("vs direct", "history/direct = 0.90",
                "1000 rows written to h2 file (1000 in the table), 0 dropped, 0 failed");
    }

    @Test
    void droppedRecordsFailTheScenarioLoudly() {
        Report report = report(new HistoryWrites("h2 file", 1000, 995, 5, 0, 995, 1.3, 0.4));

        assertThat(report.ok()).isFalse();
        assertThat(report.ratio(Scenario.HISTORY, Scenario.DIRECT)).isEmpty();
        assertThat(report.problems()).singleElement().asString()
                .startsWith("history FAILED: DROPPED 5 of 1000 history records");
        assertThat(report.table()).contains("DROPPED 5 of 1000").doesNotContain("history/direct");
    }

    @Test
    void baselineDirectAndHistoryAreMeasuredTogether() {
        assertThat(Benchmark.groups(Scenario.parse("all"))).containsExactly(
                List.of(Scenario.BASELINE, Scenario.DIRECT, Scenario.HISTORY, Scenario.TRACING), List.of(Scenario.EVENTS),
                List.of(Scenario.FANOUT), List.of(Scenario.DELAY));
        assertThat(Benchmark.groups(List.of(Scenario.EVENTS, Scenario.DIRECT, Scenario.BASELINE))).containsExactly(
                List.of(Scenario.EVENTS), List.of(Scenario.DIRECT, Scenario.BASELINE));
        assertThat(Benchmark.groups(Scenario.parse("history"))).containsExactly(List.of(Scenario.HISTORY));
    }

    @Test
    void roundsAddUp() throws InterruptedException {
        Round first = new Round(2, 2);
        Round second = new Round(3, 1);
        for (Round round : List.of(first, second)) {
            for (int i = 0; i < round.count(); i++) {
                round.sent(i);
                round.done(round.key(i));
            }
            assertThat(round.await(Duration.ofSeconds(1))).isTrue();
        }
        second.done(second.key(0));

        Round.Measurement m = Round.measure(List.of(first, second));
        assertThat(m.messages()).isEqualTo(3);
        assertThat(m.done()).isEqualTo(3);
        assertThat(m.duplicates()).isEqualTo(1);
        assertThat(m.seconds()).isCloseTo(first.measure().seconds() + second.measure().seconds(),
                Offset.offset(1e-9));
    }

    private static Report report(HistoryWrites writes) {
        ScenarioResult direct = new ScenarioResult(Scenario.DIRECT, "rabbitmq", 1000, 1000, 0, 4, 1.0, 1000, 2, 10,
                20, null, null);
        String error = writes.problem();
        ScenarioResult history = new ScenarioResult(Scenario.HISTORY, "rabbitmq", 1000, 1000, 0, 4, 1.111, 900, 2,
                10, 20, error, writes);
        return new Report(OPTIONS, "rabbitmq", "quorum", List.of(direct, history));
    }
}
