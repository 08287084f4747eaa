package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How fanout, delay and the peak resident set are reported, without a broker. */
class ReportTest {

    private static final BenchmarkOptions OPTIONS = BenchmarkOptions.defaults().withMessages(1000);
    private static final PeakRss PEAK = new PeakRss(300 * 1024, true);

    @Test
    void fanoutIsComparedWithTheBaselineInTasksPerSecond() {
        Report report = report(PEAK, PEAK);

        assertThat(report.ratio(Scenario.FANOUT)).hasValue(0.5);
        assertThat(report.table()).contains("fanout/baseline = 0.50",
                "fanout: 1000 events x 10 tasks on one topic = 10000 tasks (N and lost count tasks); "
                        + "2000 tasks/s = 200 events/s; latency from an event's publish to its last task done");
        assertThat(row(report, "fanout")).startsWith("fanout    rabbitmq  10000  0     2000");
    }

    @Test
    void delayShowsItsLatenessAndNoThroughput() {
        Report report = report(PEAK, PEAK);

        assertThat(report.ratio(Scenario.DELAY)).isEmpty();
        assertThat(report.table()).doesNotContain("delay/baseline").contains("delay: 1000 tasks due 100 ms to 10 s "
                + "after publishing (uniform, seed 6), published 250 a second; lateness (done - due) p50 3.5 ms, "
                + "p99 40.0 ms, max 95.5 ms");
        assertThat(row(report, "delay").split(" +")).containsExactly("delay", "rabbitmq", "1000", "0", "-", "3.5",
                "40.0", "95.5", "300", "-");
    }

    @Test
    void thePeakResidentSetIsAColumnAndSaysWhoseItIs() {
        Report report = report(PEAK, PEAK);

        assertThat(report.table()).contains("peak RSS MB", "peak RSS: VmHWM of the bench JVM (publishers, worker, "
                + "scheduler; with --embedded the broker too), reset before each scenario");
    }

    @Test
    void aPeakThatCouldNotBeResetIsSaidSo() {
        Report report = report(PEAK, new PeakRss(310 * 1024, false));

        assertThat(report.table()).contains("NOT reset between scenarios (/proc/self/clear_refs not writable)");
        assertThat(row(report, "delay")).contains(" 310 ");
    }

    @Test
    void anUnknownPeakIsADash() {
        Report report = report(null, null);

        assertThat(row(report, "baseline").split(" +")[8]).isEqualTo("-");
        assertThat(report.table()).contains("peak RSS: not known");
    }

    @Test
    void lostTasksOfAFannedOutEventAreCountedAsTasks() {
        ScenarioResult fanout = new ScenarioResult(Scenario.FANOUT, "rabbitmq", 10000, 9990, 0, 1, 5, 1998, 20, 60,
                80, null, null, PEAK);
        Report report = new Report(OPTIONS, "rabbitmq", "quorum", List.of(fanout));

        assertThat(report.problems()).containsExactly("fanout LOST 10 tasks");
    }

    @Test
    void cpuPerTaskSplitsTheBenchJvmFromTheRestOfTheMachine() {
        ScenarioResult direct = new ScenarioResult(Scenario.DIRECT, "rabbitmq", 1000, 1000, 0, 1, 0.5, 2000, 2, 10,
                20, null, null, PEAK, new CpuUse(80_000_000L, 280_000_000L));
        ScenarioResult events = new ScenarioResult(Scenario.EVENTS, "rabbitmq", 1000, 1000, 0, 1, 0.5, 2000, 2, 10,
                20, null, null, PEAK, new CpuUse(90_000_000L, -1));

        assertThat(new Report(OPTIONS, "rabbitmq", "quorum", List.of(direct, events)).table())
                .contains("cpu per task in the timed rounds, bench JVM + rest of the machine (the broker when local): "
                        + "direct 80 + 200 us, events 90 + ? us");
    }

    @Test
    void cpuPerTaskShowsTheJitTheGcAndTheStoreWhereItRan() {
        ScenarioResult direct = new ScenarioResult(Scenario.DIRECT, "rabbitmq", 1000, 1000, 0, 1, 0.5, 2000, 2, 10,
                20, null, null, PEAK, new CpuUse(40_000_000L, 140_000_000L, 2_000_000L, 1_000_000L, 0));
        ScenarioResult history = new ScenarioResult(Scenario.HISTORY, "rabbitmq", 1000, 1000, 0, 1, 0.5, 2000, 2, 10,
                20, null, null, PEAK, new CpuUse(60_000_000L, 160_000_000L, 3_000_000L, 2_000_000L, 9_000_000L));

        assertThat(new Report(OPTIONS, "rabbitmq", "quorum", List.of(direct, history)).table())
                .contains("cpu per task in the timed rounds, bench JVM (of it the JIT compiler, the GC, the history "
                        + "store) + rest of the machine (the broker when local): direct 40 (JIT 2, GC 1) + 100 us, "
                        + "history 60 (JIT 3, GC 2, store 9) + 100 us");
    }

    private static Report report(PeakRss first, PeakRss last) {
        ScenarioResult baseline = new ScenarioResult(Scenario.BASELINE, "rabbitmq", 1000, 1000, 0, 1, 0.25, 4000,
                500, 900, 950, null, null, first);
        ScenarioResult fanout = new ScenarioResult(Scenario.FANOUT, "rabbitmq", 10000, 10000, 0, 1, 5, 2000, 20, 60,
                80, null, null, first);
        ScenarioResult delay = new ScenarioResult(Scenario.DELAY, "rabbitmq", 1000, 1000, 0, 1, 10.8, 92.6, 3.5, 40,
                95.5, null, null, last);
        return new Report(OPTIONS, "rabbitmq", "quorum", List.of(baseline, fanout, delay));
    }

    private static String row(Report report, String scenario) {
        return report.table().lines().filter(l -> l.startsWith(scenario + " ")).findFirst().orElseThrow();
    }
}
