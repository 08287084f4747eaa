package io.ebats.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.ebats.BrokerSettings;
import io.ebats.EbatsConfig;
import io.ebats.bench.Benchmark;
import io.ebats.bench.BenchmarkOptions;
import io.ebats.bench.EmbeddedBenchBroker;
import io.ebats.bench.HistoryDatabase;
import io.ebats.bench.Report;
import io.ebats.bench.Scenario;
import io.ebats.bench.BulkBenchmark;
import io.ebats.bench.ScheduleBenchmark;
import io.ebats.bench.UniqueBenchmark;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ebats bench}: throughput and latency of ebats against the raw amqp-client, in the same run, on the
 * configured broker or on an embedded one.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures ebats against the raw AMQP client doing the same work, in the same run.",
                "baseline: raw amqp-client, confirmed persistent publishes, one consumer acking each message; "
                + "direct: tasks created with ebats and run by a worker; history: direct with the worker saving "
                + "every attempt in a history store, waiting until all are written; events: events turned into "
                + "tasks by a scheduler, run by a worker; fanout: events each registered to 10 tasks on one "
                + "topic (N events, 10 N tasks); delay: tasks delayed 0.1 s to 10 s (seeded), measuring lateness; "
                + "unique, alone: tasks created with and without a unique key each, the keys in the history "
                + "database.",
                "Prints throughput in tasks/s, latency p50/p99 (publish to ack after the handler; for fanout to an "
                + "event's last task; for delay from the due time), the bench JVM's peak RSS per scenario, each "
                + "ebats scenario but delay as a ratio of the baseline, and history as a ratio of direct. Uses a "
                + "namespace of its own, deleted afterwards."})
final class BenchCommand implements Callable<Integer> {

    /** The embedded broker moves a few thousand messages a second: a smaller default keeps a run short. */
    static final int DEFAULT_EMBEDDED_MESSAGES = 5_000;
    /** Tasks of one bulk create: the size the API is made for. */
    static final int DEFAULT_BULK = 100_000;
    static final int DEFAULT_EMBEDDED_BULK = 10_000;

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "baseline, direct, history, tracing, events, fanout, delay, a comma-separated list, or all "
                    + "(default: all); or schedule alone (--schedules, --every, --duration): fire lateness of "
                    + "recurring schedules; or bulk alone (--messages, default 100000): tasks created at once by the raw "
                    + "client, createAsync in a loop and createAll; or unique alone (--messages, --publishers, "
                    + "--history-url): the same tasks created with tasks().create and with a unique key each through "
                    + "the history store, unique/direct.")
    private String scenario = "all";

    @Option(names = "--embedded", description = "Run on an embedded broker started for the run.")
    private boolean embedded;

    @Option(names = {"-n", "--messages"}, paramLabel = "N",
            description = "Messages (tasks, events) per scenario (default: " + BenchmarkOptions.DEFAULT_MESSAGES + ", "
                    + DEFAULT_EMBEDDED_MESSAGES + " with --embedded).")
    private Integer messages;

    @Option(names = "--publishers", paramLabel = "P",
            description = "Publishing threads (default: " + BenchmarkOptions.DEFAULT_PUBLISHERS + ").")
    private int publishers = BenchmarkOptions.DEFAULT_PUBLISHERS;

    @Option(names = "--concurrency", paramLabel = "C",
            description = "Worker concurrency and baseline prefetch (default: " + BenchmarkOptions.DEFAULT_CONCURRENCY
                    + ").")
    private int concurrency = BenchmarkOptions.DEFAULT_CONCURRENCY;

    @Option(names = "--confirm-window", paramLabel = "W",
            description = "Unconfirmed messages per publishing thread, baseline and ebats (default: "
                    + BenchmarkOptions.DEFAULT_CONFIRM_WINDOW + ").")
    private int confirmWindow = BenchmarkOptions.DEFAULT_CONFIRM_WINDOW;

    @Option(names = "--message-size", paramLabel = "BYTES",
            description = "Body of each message, the JSON params of a task or event (default: "
                    + BenchmarkOptions.DEFAULT_MESSAGE_BYTES + ", from " + BenchmarkOptions.MIN_MESSAGE_BYTES + " to "
                    + BenchmarkOptions.MAX_MESSAGE_BYTES + ").")
    private int messageBytes = BenchmarkOptions.DEFAULT_MESSAGE_BYTES;

    @Option(names = "--delay-rate", paramLabel = "R",
            description = "Tasks a second the delay scenario publishes; 0 for as fast as it can (default: "
                    + BenchmarkOptions.DEFAULT_DELAY_RATE + ").")
    private int delayRate = BenchmarkOptions.DEFAULT_DELAY_RATE;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Warm-up messages per scenario before the timed round (default: N/2, at most "
                    + BenchmarkOptions.MAX_DEFAULT_WARMUP + ").")
    private Integer warmup;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Bound on each round (default: 30s + 5ms per message).")
    private Duration timeout;

    @Mixin
    private BenchDatabaseOptions historyDatabase;

    @Option(names = "--schedules", paramLabel = "N",
            description = "For --scenario schedule: schedules at once (default: 1000).")
    private int schedules = 1000;

    @Option(names = "--every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "For --scenario schedule: the rate of every schedule (default: 1s).")
    private Duration every = Duration.ofSeconds(1);

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "For --scenario schedule: how long fires are measured, after two periods of warm-up "
                    + "(default: 30s).")
    private Duration duration = Duration.ofSeconds(30);

    @Override
    public Integer call() {
        CliLogging.oneShot();
        quietEngine();
        if (embedded && spec.commandLine().getParseResult().hasMatchedOption("--broker")) {
            throw new ParameterException(spec.commandLine(), "--broker and --embedded exclude each other");
        }
        if (scenario.equals("schedule")) {
            return schedules();
        }
        if (scenario.equals("bulk")) {
            return bulk();
        }
        if (scenario.equals("unique")) {
            return unique();
        }
        List<Scenario> scenarios;
        BenchmarkOptions options;
        HistoryDatabase history;
        try {
            scenarios = Scenario.parse(scenario);
            history = historyDatabase.database();
            options = BenchmarkOptions.defaults()
                    .withMessages(messages != null ? messages
                            : embedded ? DEFAULT_EMBEDDED_MESSAGES : BenchmarkOptions.DEFAULT_MESSAGES)
                    .withPublishers(publishers)
                    .withConcurrency(concurrency)
                    .withConfirmWindow(confirmWindow)
                    .withMessageBytes(messageBytes)
                    .withDelayRate(delayRate)
                    .withTimeout(timeout);
            if (warmup != null) {
                options = options.withWarmup(warmup);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        EbatsConfig config = common.settings().config();
        PrintWriter err = spec.commandLine().getErr();
        Report report;
        if (embedded) {
            err.println("bench: starting the embedded broker ...");
            err.flush();
            try (EmbeddedBenchBroker broker = EmbeddedBenchBroker.start()) {
                EbatsConfig embedded = config.toBuilder().broker(BrokerSettings.uri(broker.uri())).build();
                report = run(embedded, options, history, scenarios, err);
            }
        } else {
            report = run(config, options, history, scenarios, err);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.table());
        out.flush();
        if (!report.ok()) {
            err.println("ebats: benchmark failed: " + String.join("; ", report.problems()));
            err.flush();
            return ErrorReporter.FAILURE;
        }
        return 0;
    }

    /** The schedule scenario: fires by time, not rounds of messages, so it runs on its own. */
    private int schedules() {
        if (schedules < 1 || every.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(every) < 0) {
            throw new ParameterException(spec.commandLine(), "--schedules must be at least 1, --every at least 1s and "
                    + "--duration at least --every");
        }
        EbatsConfig config = common.settings().config();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = line -> {
            err.println("bench: " + line);
            err.flush();
        };
        ScheduleBenchmark.Result result = onBroker(config, progress,
                on -> new ScheduleBenchmark(on, progress).run(schedules, every, duration));
        if (result == null) {
            return ErrorReporter.FAILURE;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(result.summary());
        out.flush();
        return result.fires() == 0 || result.duplicates() > 0 ? ErrorReporter.FAILURE : 0;
    }

    /** The bulk scenario: tasks created at once, raw client against createAsync and createAll; on its own. */
    private int bulk() {
        int tasks = messages != null ? messages : embedded ? DEFAULT_EMBEDDED_BULK : DEFAULT_BULK;
        if (tasks < 1) {
            throw new ParameterException(spec.commandLine(), "--messages must be at least 1, was " + tasks);
        }
        EbatsConfig config = common.settings().config();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = line -> {
            err.println("bench: " + line);
            err.flush();
        };
        BulkBenchmark.Result result = onBroker(config, progress, on -> new BulkBenchmark(on, progress).run(tasks, 3));
        if (result == null) {
            return ErrorReporter.FAILURE;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(result.summary());
        out.flush();
        return 0;
    }

    /** The unique scenario: creates with and without a unique key, in the history database; on its own. */
    private int unique() {
        int tasks = messages != null ? messages
                : embedded ? DEFAULT_EMBEDDED_MESSAGES : BenchmarkOptions.DEFAULT_MESSAGES;
        if (tasks < 1 || publishers < 1) {
            throw new ParameterException(spec.commandLine(), "--messages and --publishers must be at least 1, were "
                    + tasks + " and " + publishers);
        }
        HistoryDatabase database;
        try {
            database = historyDatabase.database();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        EbatsConfig config = common.settings().config();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = line -> {
            err.println("bench: " + line);
            err.flush();
        };
        UniqueBenchmark.Result result = onBroker(config, progress,
                on -> new UniqueBenchmark(on, database, progress).run(tasks, publishers, 3));
        if (result == null) {
            return ErrorReporter.FAILURE;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(result.summary());
        out.flush();
        return 0;
    }

    /** Runs {@code work} on the configured broker, or on an embedded one started for it; null when interrupted. */
    private <T> T onBroker(EbatsConfig config, Consumer<String> progress, BrokerWork<T> work) {
        try {
            if (!embedded) {
                return work.run(config);
            }
            progress.accept("starting the embedded broker ...");
            try (EmbeddedBenchBroker broker = EmbeddedBenchBroker.start()) {
                return work.run(config.toBuilder().broker(BrokerSettings.uri(broker.uri())).build());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("benchmark failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface BrokerWork<T> {
        T run(EbatsConfig config) throws Exception;
    }

    /** Worker and scheduler start and stop lines would interleave with the progress lines; --verbose restores them. */
    private static void quietEngine() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger("io.ebats").setLevel(Level.WARN);
        }
    }

    private static Report run(EbatsConfig config, BenchmarkOptions options, HistoryDatabase history,
                              List<Scenario> scenarios, PrintWriter err) {
        return new Benchmark(config, options)
                .history(history)
                .progress(line -> {
                    err.println("bench: " + line);
                    err.flush();
                })
                .run(scenarios);
    }
}
