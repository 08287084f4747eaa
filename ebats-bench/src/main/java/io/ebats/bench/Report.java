package io.ebats.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The results of one benchmark run, printable as a table with each ebats scenario's throughput as a ratio of
 * the baseline's measured in the same run.
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
    public java.util.Optional<ScenarioResult> result(Scenario scenario) {
        return results.stream().filter(r -> r.scenario() == scenario).findFirst();
    }

    /** The scenario's throughput divided by the baseline's, when both ran and succeeded. */
    public OptionalDouble ratio(Scenario scenario) {
        var base = result(Scenario.BASELINE).filter(ScenarioResult::ok);
        var other = result(scenario).filter(ScenarioResult::ok);
        if (base.isEmpty() || other.isEmpty() || base.get().throughput() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(other.get().throughput() / base.get().throughput());
    }

    /** Messages lost over all scenarios. */
    public int lost() {
        return results.stream().mapToInt(ScenarioResult::lost).sum();
    }

    /** True when every scenario completed with nothing lost. */
    public boolean ok() {
        return results.stream().allMatch(ScenarioResult::ok);
    }

    /** The table, the ratio line and any errors, as plain text. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"scenario", "broker", "N", "lost", "msg/s", "p50 ms", "p99 ms", "max ms",
                "vs baseline"});
        for (ScenarioResult r : results) {
            OptionalDouble ratio = r.scenario() == Scenario.BASELINE ? OptionalDouble.empty() : ratio(r.scenario());
            rows.add(new String[] {r.scenario().label(), r.broker(), Integer.toString(r.messages()),
                    Integer.toString(r.lost()), format("%.0f", r.throughput()), format("%.1f", r.p50Millis()),
                    format("%.1f", r.p99Millis()), format("%.1f", r.maxMillis()),
                    ratio.isPresent() ? format("%.2f", ratio.getAsDouble()) : "-"});
        }
        StringBuilder out = new StringBuilder();
        out.append(format("N = %d per scenario (after %d warm-up), %d publishers, concurrency %d, "
                        + "~%d B persistent messages, %s queues, baseline confirm window %d per publisher%n",
                options.messages(), options.warmup(), options.publishers(), options.concurrency(), Payload.SIZE,
                queueType, options.confirmWindow()));
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
        for (Scenario s : List.of(Scenario.DIRECT, Scenario.EVENTS)) {
            ratio(s).ifPresent(v -> ratios.add(s.label() + "/baseline = " + format("%.2f", v)));
        }
        if (!ratios.isEmpty()) {
            out.append("throughput ").append(String.join(", ", ratios)).append(" (same run)\n");
        }
        for (ScenarioResult r : results) {
            if (r.error() != null) {
                out.append(r.scenario().label()).append(" FAILED: ").append(r.error()).append('\n');
            } else if (r.lost() > 0) {
                out.append(r.scenario().label()).append(" LOST ").append(r.lost()).append(" messages\n");
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return table();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
