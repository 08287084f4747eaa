package io.ebats.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The results of one benchmark run, printable as a table with each ebats scenario's throughput (in tasks/s) as a
 * ratio of the baseline's measured in the same run, {@code history}'s also as a ratio of {@code direct}'s, the
 * lateness of {@code delay} and the bench JVM's peak resident set during each scenario.
 *
 * @param options  the run's size
 * @param broker   the broker's product and version
 * @param queueType the queue type of the run on RabbitMQ ({@code quorum}, {@code classic}), or {@code durable}
 * @param results  one per scenario, in the order run
 */
public record Report(BenchmarkOptions options, String broker, String queueType, List<ScenarioResult> results) {

    public Report {
        results = List.copyOf(results);
    }

    /** The result of a scenario, if it ran. */
    public Optional<ScenarioResult> result(Scenario scenario) {
        return results.stream().filter(r -> r.scenario() == scenario).findFirst();
    }

    /** The scenario's throughput divided by the baseline's, when both ran and succeeded. */
    public OptionalDouble ratio(Scenario scenario) {
        return ratio(scenario, Scenario.BASELINE);
    }

    /**
     * The scenario's throughput divided by the reference scenario's, when both ran and succeeded; never for
     * {@code delay}, whose throughput follows its delays.
     */
    public OptionalDouble ratio(Scenario scenario, Scenario reference) {
        var base = result(reference).filter(ScenarioResult::ok);
        var other = result(scenario).filter(ScenarioResult::ok);
        if (!scenario.comparable() || !reference.comparable() || base.isEmpty() || other.isEmpty()
                || base.get().throughput() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(other.get().throughput() / base.get().throughput());
    }

    /** Messages lost over all scenarios. */
    public int lost() {
        return results.stream().mapToInt(ScenarioResult::lost).sum();
    }

    /** One line per scenario that failed or lost messages, e.g. {@code history FAILED: DROPPED 12 of ...}. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (ScenarioResult r : results) {
            if (r.error() != null) {
                problems.add(r.scenario().label() + " FAILED: " + r.error());
            } else if (r.lost() > 0) {
                problems.add(r.scenario().label() + " LOST " + r.lost()
                        + (r.scenario().tasksPerMessage() > 1 ? " tasks" : " messages"));
            }
        }
        return problems;
    }

    /** True when every scenario completed with nothing lost. */
    public boolean ok() {
        return results.stream().allMatch(ScenarioResult::ok);
    }

    /**
     * The table, the ratio line, the lines of {@code history}, {@code fanout}, {@code delay} and the peak resident
     * set, and any errors, as plain text.
     */
    public String table() {
        boolean history = result(Scenario.HISTORY).isPresent() || result(Scenario.TRACING).isPresent();
        List<String[]> rows = new ArrayList<>();
        rows.add(row(history, "scenario", "broker", "N", "lost", "msg/s", "p50 ms", "p99 ms", "max ms",
                "peak RSS MB", "vs baseline", "vs direct"));
        for (ScenarioResult r : results) {
            OptionalDouble ratio = r.scenario() == Scenario.BASELINE ? OptionalDouble.empty() : ratio(r.scenario());
            OptionalDouble toDirect = r.scenario() == Scenario.HISTORY || r.scenario() == Scenario.TRACING
                    ? ratio(r.scenario(), Scenario.DIRECT) : OptionalDouble.empty();
            rows.add(row(history, r.scenario().label(), r.broker(), Integer.toString(r.messages()),
                    Integer.toString(r.lost()), r.scenario().comparable() ? format("%.0f", r.throughput()) : "-",
                    format("%.1f", r.p50Millis()), format("%.1f", r.p99Millis()), format("%.1f", r.maxMillis()),
                    r.peakRss() == null ? "-" : format("%.0f", r.peakRss().megabytes()), ratio(ratio),
                    ratio(toDirect)));
        }
        StringBuilder out = new StringBuilder();
        List<Scenario> warmed = Benchmark.jvmWarmUp(results.stream().map(ScenarioResult::scenario).toList(),
                options.warmup());
        String jvmWarmUp = warmed.isEmpty() ? "" : ", the JVM first warmed up with "
                + Benchmark.JVM_WARMUP_ROUNDS * options.warmup() + " untimed direct tasks"
                + (warmed.contains(Scenario.HISTORY) ? " and as many history tasks" : "")
                + (warmed.contains(Scenario.TRACING) ? " and as many tracing tasks" : "");
        out.append(format("N = %d per scenario (after %d warm-up%s), %d publishers, concurrency %d (prefetch %d), "
                        + "~%d B persistent messages, %s queues, confirm window %d per publisher%n",
                options.messages(), options.warmup(), jvmWarmUp,
                options.publishers(), options.concurrency(), options.prefetch(), options.messageBytes(), queueType,
                options.confirmWindow()));
        List<String> alternating = results.stream().filter(r -> r.rounds() > 1).map(r -> r.scenario().label())
                .toList();
        if (alternating.size() > 1) {
            out.append(format("%s alternate, %d timed rounds each (%s, then the reverse, ...), added up%n",
                    String.join(", ", alternating), results.stream().mapToInt(ScenarioResult::rounds).max().orElse(0),
                    String.join(" ", alternating)));
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        List<String> ratios = new ArrayList<>();
        for (Scenario s : List.of(Scenario.DIRECT, Scenario.HISTORY, Scenario.TRACING, Scenario.EVENTS,
                Scenario.FANOUT)) {
            ratio(s).ifPresent(v -> ratios.add(s.label() + "/baseline = " + format("%.2f", v)));
        }
        ratio(Scenario.HISTORY, Scenario.DIRECT).ifPresent(v -> ratios.add("history/direct = " + format("%.2f", v)));
        ratio(Scenario.TRACING, Scenario.DIRECT).ifPresent(v -> ratios.add("tracing/direct = " + format("%.2f", v)));
        if (!ratios.isEmpty()) {
            out.append("throughput ").append(String.join(", ", ratios)).append(" (same run)\n");
        }
        result(Scenario.HISTORY).filter(r -> r.history() != null)
                .ifPresent(r -> out.append("history: ").append(r.history().summary(r.seconds())).append('\n'));
        result(Scenario.FANOUT).ifPresent(r -> out.append(fanout(r)).append('\n'));
        result(Scenario.DELAY).ifPresent(r -> out.append(delay(r, options.delayRate())).append('\n'));
        String memory = peakRss();
        if (memory != null) {
            out.append(memory).append('\n');
        }
        String cpu = cpu();
        if (cpu != null) {
            out.append(cpu).append('\n');
        }
        problems().forEach(p -> out.append(p).append('\n'));
        return out.toString();
    }

    /** {@code fanout: 1000 events x 10 tasks = 10000 tasks (N and lost count tasks); 2000 tasks/s = ...}. */
    static String fanout(ScenarioResult r) {
        int tasks = r.scenario().tasksPerMessage();
        return format("fanout: %d events x %d tasks on one topic = %d tasks (N and lost count tasks); "
                        + "%.0f tasks/s = %.0f events/s; latency from an event's publish to its last task done",
                r.messages() / tasks, tasks, r.messages(), r.throughput(), r.eventsPerSecond());
    }

    /** {@code delay: 1000 tasks due 100 ms to 10 s after publishing ...; lateness p50 ...}. */
    static String delay(ScenarioResult r, int rate) {
        return format("delay: %d tasks due %d ms to %d s after publishing (uniform, seed %d), published %s; "
                        + "lateness (done - due) p50 %.1f ms, p99 %.1f ms, max %.1f ms (its latency columns); no "
                        + "throughput: it follows the delays", r.messages(), DelayWorkload.SHORTEST.toMillis(),
                DelayWorkload.LONGEST.toSeconds(), DelayWorkload.SEED,
                rate > 0 ? rate + " a second" : "as fast as possible", r.p50Millis(), r.p99Millis(), r.maxMillis());
    }

    /**
     * {@code cpu per task: baseline 80 (JIT 3, GC 1) + 120 us, direct ...}: the bench JVM's CPU, of it the JIT
     * compiler's, the garbage collector's and (where it ran) the history store's, and the rest of the machine's (the
     * broker's, when it runs here) in the timed rounds, per task; null when nothing was measured.
     */
    String cpu() {
        List<String> parts = new ArrayList<>();
        boolean grouped = false;
        for (ScenarioResult r : results) {
            if (r.cpu() != null && r.done() > 0) {
                double other = r.cpu().otherMicrosPer(r.done());
                String groups = groups(r);
                grouped |= !groups.isEmpty();
                parts.add(format("%s %.0f%s + %s us", r.scenario().label(), r.cpu().jvmMicrosPer(r.done()), groups,
                        other < 0 ? "?" : format("%.0f", other)));
            }
        }
        String jvm = grouped ? "bench JVM (of it the JIT compiler, the GC, the history store)" : "bench JVM";
        return parts.isEmpty() ? null : "cpu per task in the timed rounds, " + jvm
                + " + rest of the machine (the broker when local): " + String.join(", ", parts);
    }

    /** {@code " (JIT 3, GC 1, store 9)"}: the known groups of threads; the store only where it spent time. */
    private static String groups(ScenarioResult r) {
        List<String> groups = new ArrayList<>();
        for (CpuUse.Group group : CpuUse.Group.values()) {
            double micros = r.cpu().microsPer(group, r.done());
            if (micros >= 0 && (group != CpuUse.Group.STORE || micros >= 0.5)) {
                groups.add(format("%s %.0f", group == CpuUse.Group.STORE ? "store" : group.name(), micros));
            }
        }
        return groups.isEmpty() ? "" : " (" + String.join(", ", groups) + ")";
    }

    /** What the peak RSS column is, or why it is not the scenario's own; null when no scenario ran. */
    String peakRss() {
        if (results.isEmpty()) {
            return null;
        }
        if (results.stream().allMatch(r -> r.peakRss() == null)) {
            return "peak RSS: not known, this system has no /proc/self/status";
        }
        String what = "peak RSS: VmHWM of the bench JVM (publishers, worker, scheduler; with --embedded the broker "
                + "too)";
        if (results.stream().anyMatch(r -> r.peakRss() != null && !r.peakRss().reset())) {
            return what + ", NOT reset between scenarios (/proc/self/clear_refs not writable): each figure is the "
                    + "peak since the JVM started";
        }
        boolean paired = results.stream().anyMatch(r -> r.rounds() > 1);
        return what + ", reset before each scenario" + (paired ? " (those that alternate share one)" : "")
                + "; it includes what earlier scenarios left in the heap";
    }

    @Override
    public String toString() {
        return table();
    }

    /** The cells of a row, without the last one ({@code vs direct}) when no history scenario ran. */
    private static String[] row(boolean history, String... cells) {
        return history ? cells : Arrays.copyOf(cells, cells.length - 1);
    }

    private static String ratio(OptionalDouble ratio) {
        return ratio.isPresent() ? format("%.2f", ratio.getAsDouble()) : "-";
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
