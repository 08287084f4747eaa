package io.ebats.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The warm-up and timed rounds of scenarios measured together. A scenario alone sends a warm-up round, then one
 * timed round of N messages. Scenarios measured together ({@code baseline}, {@code direct}, {@code history}) each
 * send their warm-up round, then their N messages in {@value Benchmark#PAIRED_ROUNDS} timed rounds that alternate
 * between them (A B C, C B A, A B C, ...), so that the JIT warming up, the broker's state and the load of other
 * processes weigh on them alike; their rounds are then added up.
 */
final class Rounds {

    private final BenchmarkOptions options;
    private final String broker;

    Rounds(BenchmarkOptions options, String broker) {
        this.options = options;
        this.broker = broker;
    }

    /** One result per scenario, in order; {@code workloads} match {@code scenarios}. */
    List<ScenarioResult> run(List<Scenario> scenarios, List<Workload> workloads) throws Exception {
        int n = scenarios.size();
        List<Workload.Publisher[]> publishers = new ArrayList<>();
        for (Workload workload : workloads) {
            publishers.add(publishers(workload));
        }
        for (int i = 0; i < n && options.warmup() > 0; i++) {
            String problem = round(workloads.get(i), publishers.get(i), Round.WARM_UP, options.warmup()).problem();
            if (problem != null) {
                return failed(scenarios, i, "warm-up: " + problem);
            }
        }
        int timed = n == 1 ? 1 : Math.min(Benchmark.PAIRED_ROUNDS, options.messages());
        List<List<Outcome>> outcomes = new ArrayList<>();
        workloads.forEach(w -> outcomes.add(new ArrayList<>()));
        int failed = -1;
        for (int k = 0; k < timed && failed < 0; k++) {
            int size = options.messages() / timed + (k < options.messages() % timed ? 1 : 0);
            for (int j = 0; j < n && failed < 0; j++) {
                int i = k % 2 == 0 ? j : n - 1 - j;
                Outcome outcome = round(workloads.get(i), publishers.get(i), 2 + k, size);
                outcomes.get(i).add(outcome);
                if (outcome.error != null) {
                    failed = i;
                }
            }
        }
        List<ScenarioResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(result(scenarios.get(i), outcomes.get(i),
                    failed < 0 || failed == i ? null : "stopped: " + scenarios.get(failed).label() + " failed"));
        }
        return results;
    }

    /**
     * Sends {@code count} untimed messages through {@code workload}, a warm-up round at a time; returns why it
     * failed, or null.
     */
    String warmUp(Workload workload, int count) throws Exception {
        Workload.Publisher[] publishers = publishers(workload);
        int step = Math.max(1, options.warmup());
        for (int sent = 0; sent < count; sent += step) {
            String problem = round(workload, publishers, Round.WARM_UP, Math.min(step, count - sent)).problem();
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private ScenarioResult result(Scenario scenario, List<Outcome> outcomes, String stopped) {
        List<Round> rounds = outcomes.stream().map(Outcome::round).toList();
        List<HistoryWrites> writes = outcomes.stream().map(Outcome::history).filter(h -> h != null).toList();
        String error = outcomes.stream().map(Outcome::error).filter(e -> e != null).findFirst().orElse(stopped);
        return ScenarioResult.of(scenario, broker, rounds.size(), Round.measure(rounds), error,
                writes.isEmpty() ? null : HistoryWrites.sum(writes))
                .withCpu(CpuUse.sum(outcomes.stream().map(Outcome::cpu).toList()));
    }

    private List<ScenarioResult> failed(List<Scenario> scenarios, int culprit, String error) {
        List<ScenarioResult> results = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            results.add(ScenarioResult.failed(scenarios.get(i), broker, options.messages(), i == culprit ? error
                    : "not measured: " + scenarios.get(culprit).label() + " failed its warm-up"));
        }
        return results;
    }

    private Workload.Publisher[] publishers(Workload workload) throws Exception {
        Workload.Publisher[] publishers = new Workload.Publisher[options.publishers()];
        for (int k = 0; k < publishers.length; k++) {
            publishers[k] = workload.publisher(k);
        }
        return publishers;
    }

    /** Publishes a round of {@code count} messages and waits until their tasks are done and settled. */
    private Outcome round(Workload workload, Workload.Publisher[] publishers, int id, int count)
            throws InterruptedException {
        int parts = workload.tasksPerMessage();
        Duration timeout = options.roundTimeout(count * parts).plus(workload.extraTime(count));
        long deadline = System.nanoTime() + timeout.toNanos();
        Round round = new Round(id, count, parts);
        CpuUse.Reading start = CpuUse.now();
        workload.route(round);
        String error = PublishingThreads.run(publishers, round, timeout);
        boolean complete = round.await(left(deadline));
        if (!complete && error == null) {
            Round.Measurement m = round.measure();
            error = "only " + m.done() + " of " + m.messages() + (parts > 1 ? " tasks" : " messages")
                    + " done within " + BenchmarkOptions.seconds(timeout);
        }
        HistoryWrites history = workload.settle(round, left(deadline));
        if (error == null && history != null) {
            error = history.problem();
        }
        return new Outcome(round, error, history, CpuUse.now().since(start));
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private record Outcome(Round round, String error, HistoryWrites history, CpuUse cpu) {

        /** Why an untimed round went wrong, or null: an error, or messages lost. */
        String problem() {
            int lost = round.measure().lost();
            return error != null ? error : lost > 0 ? lost + " messages lost" : null;
        }
    }
}
