package io.ebats.bench;

import com.rabbitmq.client.Connection;
import io.ebats.BrokerType;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.EbatsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs benchmark scenarios against one broker and reports throughput and latency, ebats against the raw
 * amqp-client in the same run.
 *
 * <p>Unless the warm-up is 0, the JVM is first warmed up with {@value #JVM_WARMUP_ROUNDS} warm-up rounds of untimed
 * {@code direct} tasks, and as many {@code history} tasks when {@code history} runs. Each scenario is set up once
 * (queues, consumer or worker, publishers), then runs a warm-up round and a timed round of N messages; a round is
 * bounded by {@link BenchmarkOptions#roundTimeout}, and what is not done by then is reported as lost. When two or
 * more of {@code baseline}, {@code direct} and {@code history} run, they are set up together and their N messages
 * alternate in {@value #PAIRED_ROUNDS} timed rounds each (see {@link Rounds}); a {@code history} round also waits
 * until its store has written every attempt record into the {@link #history(HistoryDatabase) database}, which is
 * removed afterwards. Before each scenario (or pair) the
 * kernel's record of the JVM's peak resident set is reset, and read after it ({@link PeakRss}). Every run uses a
 * namespace and a baseline queue of its own ({@code <namespace>-bench-<id>}); the namespace's queues and exchanges
 * are deleted after each scenario (or group), so that the broker does not carry one scenario's queues into the
 * next, and the baseline queue at the end.
 *
 * <p>Not thread-safe: one {@link #run} at a time.
 */
public final class Benchmark {

    /** Timed rounds per scenario when scenarios alternate. */
    public static final int PAIRED_ROUNDS = 10;
    /**
     * The scenarios compared with each other, {@code direct} with the baseline and {@code history} with
     * {@code direct}: they are set up together and alternate, so that the JIT, the broker's state and the load of
     * other processes weigh on them alike.
     */
    static final List<Scenario> ALTERNATING = List.of(Scenario.BASELINE, Scenario.DIRECT, Scenario.HISTORY,
            Scenario.TRACING);
    /** The JVM's warm-up before the first scenario, in warm-up rounds' worth of untimed tasks per workload warmed. */
    public static final int JVM_WARMUP_ROUNDS = 4;

    private final EbatsConfig config;
    private final BenchmarkOptions options;
    private Consumer<String> progress = line -> { };
    private HistoryDatabase historyDatabase = HistoryDatabase.temporarySqlite();

    /**
     * @param config  where the broker is, and the namespace to prefix the run's own namespace with
     * @param options the run's size
     */
    public Benchmark(EbatsConfig config, BenchmarkOptions options) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Receives a line as each scenario starts and ends. */
    public Benchmark progress(Consumer<String> sink) {
        this.progress = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** Where the {@code history} scenario stores its records; by default a temporary SQLite file. */
    public Benchmark history(HistoryDatabase database) {
        this.historyDatabase = Objects.requireNonNull(database, "database");
        return this;
    }

    /**
     * Runs the scenarios in the given order ({@code history} right after {@code direct} when both run).
     * Failures do not throw: they are in the report, with the messages lost.
     *
     * @throws EbatsException when the broker cannot be reached
     */
    public Report run(List<Scenario> scenarios) {
        String namespace = config.namespace() + "-bench-" + UUID.randomUUID().toString().substring(0, 8);
        // a ladder of its own, deleted with the namespace
        EbatsConfig run = config.toBuilder().namespace(namespace).delayLadder(namespace + ".ladder").build();
        String broker;
        boolean qpid;
        try (Connection admin = run.broker().newConnection("bench-admin")) {
            broker = RawBroker.describe(admin);
            qpid = config.brokerType() == BrokerType.AUTO ? RawBroker.isQpid(admin)
                    : config.brokerType() == BrokerType.QPID;
        } catch (Exception e) {
            throw new EbatsException("cannot connect to the broker at " + run.broker().describe() + ": "
                    + describe(e), e);
        }
        String queueType = qpid ? "durable" : config.queueType().name().toLowerCase(Locale.ROOT);
        List<ScenarioResult> results = new ArrayList<>();
        boolean ebatsUsed = false;
        try {
            List<Scenario> warmed = jvmWarmUp(scenarios, options.warmup());
            if (!warmed.isEmpty()) {
                ebatsUsed = true;
                warmUpJvm(warmed, run, broker, qpid);
            }
            for (List<Scenario> group : groups(scenarios)) {
                String labels = group.stream().map(Scenario::label).collect(Collectors.joining(" + "));
                progress.accept(labels + ": " + what(group.getFirst()) + (group.size() > 1
                        ? " each, alternating in " + PAIRED_ROUNDS + " rounds," : "") + " on " + broker + " ...");
                ebatsUsed |= !group.equals(List.of(Scenario.BASELINE));
                for (ScenarioResult result : measure(group, run, broker, qpid)) {
                    progress.accept(result.scenario().label() + ": " + (result.ok() ? measured(result)
                            : "FAILED, " + result.lost() + " lost: " + result.error()));
                    if (result.history() != null) {
                        progress.accept(result.scenario().label() + ": " + result.history().summary(result.seconds()));
                    }
                    results.add(result);
                }
                if (ebatsUsed) {
                    deleteTopology(run); // the next scenario starts without this one's queues and their logs
                }
            }
        } finally {
            if (ebatsUsed) {
                deleteTopology(run);
            }
        }
        return new Report(options, broker, queueType, results);
    }

    /**
     * The scenarios in order, each alone, except those of {@link #ALTERNATING} that run: when two or three of them
     * run, they go together, in the place of the first of them, and alternate round by round.
     */
    static List<List<Scenario>> groups(List<Scenario> scenarios) {
        List<Scenario> together = scenarios.stream().filter(ALTERNATING::contains).toList();
        List<List<Scenario>> groups = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            if (together.size() < 2 || !together.contains(scenario)) {
                groups.add(List.of(scenario));
            } else if (scenario == together.getFirst()) {
                groups.add(together);
            }
        }
        return groups;
    }

    /** What a scenario sends: {@code 10000 messages}, {@code 10000 events x 10 tasks}, ... */
    private String what(Scenario scenario) {
        int n = options.messages();
        return switch (scenario) {
            case FANOUT -> n + " events x " + EventsWorkload.FANOUT_TASKS + " tasks";
            case DELAY -> n + " tasks due " + DelayWorkload.SHORTEST.toMillis() + " ms to "
                    + DelayWorkload.LONGEST.toSeconds() + " s after publishing";
            default -> n + " messages";
        };
    }

    private static String measured(ScenarioResult r) {
        String rss = r.peakRss() == null ? "" : String.format(Locale.ROOT, ", peak RSS %.0f MB",
                r.peakRss().megabytes());
        return switch (r.scenario()) {
            case FANOUT -> String.format(Locale.ROOT, "%.0f tasks/s, %.0f events/s", r.throughput(),
                    r.eventsPerSecond()) + rss;
            case DELAY -> String.format(Locale.ROOT, "lateness p50 %.1f ms, p99 %.1f ms, max %.1f ms", r.p50Millis(),
                    r.p99Millis(), r.maxMillis()) + rss;
            default -> String.format(Locale.ROOT, "%.0f msg/s", r.throughput()) + rss;
        };
    }

    /**
     * Sends {@value #JVM_WARMUP_ROUNDS} warm-up rounds of untimed {@code direct} tasks before any scenario, so that
     * the JIT has compiled the client and the engine before the first timed round, whichever scenario comes first
     * (the baseline's client code included); as many {@code history} tasks too when {@code history} runs, so that the
     * history store's code (H2's among it) is compiled as well. A failure is reported and the scenarios run anyway.
     */
    private void warmUpJvm(List<Scenario> warmed, EbatsConfig run, String broker, boolean qpid) {
        int count = JVM_WARMUP_ROUNDS * options.warmup();
        progress.accept("warming up the JVM: " + count + " untimed tasks of "
                + warmed.stream().map(Scenario::label).collect(Collectors.joining(" and ")) + " ...");
        String error = null;
        try (Setup setup = Setup.open(warmed, run, qpid, options, historyDatabase, progress)) {
            for (Workload workload : setup.workloads()) {
                error = new Rounds(options, broker).warmUp(workload, count);
                if (error != null) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = describe(e);
        }
        if (error != null) {
            progress.accept("JVM warm-up failed (" + error + "); the first scenario runs on a colder JVM");
        }
    }

    /**
     * The workloads that warm up the JVM before {@code scenarios}: {@code direct}, and {@code history} when it runs;
     * none when the warm-up is 0 or only the baseline runs (it uses no ebats code).
     */
    static List<Scenario> jvmWarmUp(List<Scenario> scenarios, int warmup) {
        if (warmup <= 0 || scenarios.stream().allMatch(s -> s == Scenario.BASELINE)) {
            return List.of();
        }
        List<Scenario> warmed = new ArrayList<>(List.of(Scenario.DIRECT));
        for (Scenario also : List.of(Scenario.HISTORY, Scenario.TRACING)) {
            if (scenarios.contains(also)) {
                warmed.add(also);
            }
        }
        return List.copyOf(warmed);
    }

    /** Measures scenarios together, with the peak resident set of the JVM while they ran. */
    private List<ScenarioResult> measure(List<Scenario> group, EbatsConfig run, String broker, boolean qpid) {
        PeakRss.Meter memory = PeakRss.start();
        List<ScenarioResult> results = runRounds(group, run, broker, qpid);
        PeakRss peak = memory.read();
        return results.stream().map(r -> r.withPeakRss(peak)).toList();
    }

    private List<ScenarioResult> runRounds(List<Scenario> group, EbatsConfig run, String broker, boolean qpid) {
        String error;
        try (Setup setup = Setup.open(group, run, qpid, options, historyDatabase, progress)) {
            return new Rounds(options, broker).run(group, setup.workloads());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = "failed: " + describe(e);
        }
        List<ScenarioResult> failed = new ArrayList<>();
        for (Scenario scenario : group) {
            failed.add(ScenarioResult.failed(scenario, broker, options.messages(), error));
        }
        return failed;
    }

    /** The exception and its root cause: amqp-client wraps a channel closed by the broker in a bare IOException. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e + ", caused by " + root;
    }

    private void deleteTopology(EbatsConfig run) {
        try (Ebats cleaner = Ebats.connect(run)) {
            cleaner.deleteTopology(List.of(DirectWorkload.TOPIC, HistoryWorkload.TOPIC, TracingWorkload.TOPIC,
                    EventsWorkload.TOPIC,
                    EventsWorkload.FANOUT_TOPIC, DelayWorkload.TOPIC));
        } catch (RuntimeException e) {
            progress.accept("could not delete namespace " + run.namespace() + ": " + e.getMessage());
        }
    }
}
