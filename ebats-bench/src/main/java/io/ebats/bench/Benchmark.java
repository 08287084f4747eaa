package io.ebats.bench;

import com.rabbitmq.client.Connection;
import io.ebats.BrokerType;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.EbatsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs benchmark scenarios against one broker and reports throughput and latency, ebats against the raw
 * amqp-client in the same run.
 *
 * <p>Each scenario is set up once (queues, consumer or worker, publishers), then runs a warm-up round and a
 * timed round of N messages; a round is bounded by {@link BenchmarkOptions#roundTimeout}, and what is not done
 * by then is reported as lost. Every run uses a namespace and a baseline queue of its own
 * ({@code <namespace>-bench-<id>}), deleted at the end.
 *
 * <p>Not thread-safe: one {@link #run} at a time.
 */
public final class Benchmark {

    private final EbatsConfig config;
    private final BenchmarkOptions options;
    private Consumer<String> progress = line -> { };

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

    /**
     * Runs the scenarios in the given order. Failures do not throw: they are in the report, with the messages
     * lost.
     *
     * @throws EbatsException when the broker cannot be reached
     */
    public Report run(List<Scenario> scenarios) {
        String namespace = config.namespace() + "-bench-" + UUID.randomUUID().toString().substring(0, 8);
        EbatsConfig run = config.withNamespace(namespace);
        String broker;
        boolean qpid;
        try (Connection admin = RawBroker.open(run.broker(), "bench-admin")) {
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
            for (Scenario scenario : scenarios) {
                progress.accept(scenario.label() + ": " + options.messages() + " messages on " + broker + " ...");
                ebatsUsed |= scenario != Scenario.BASELINE;
                ScenarioResult result = measure(scenario, run, broker, qpid);
                progress.accept(scenario.label() + ": " + (result.ok()
                        ? String.format(Locale.ROOT, "%.0f msg/s", result.throughput())
                        : "FAILED, " + result.lost() + " lost: " + result.error()));
                results.add(result);
            }
        } finally {
            if (ebatsUsed) {
                deleteTopology(run);
            }
        }
        return new Report(options, broker, queueType, results);
    }

    private ScenarioResult measure(Scenario scenario, EbatsConfig run, String broker, boolean qpid) {
        try {
            return switch (scenario) {
                case BASELINE -> {
                    try (Workload w = new BaselineWorkload(run.broker(), run.namespace() + ".baseline", !qpid,
                            run.queueType(), options.concurrency(), options.confirmWindow())) {
                        yield rounds(scenario, broker, w);
                    }
                }
                case DIRECT -> {
                    try (Ebats ebats = Ebats.connect(run);
                         Workload w = new DirectWorkload(ebats, options.concurrency())) {
                        yield rounds(scenario, broker, w);
                    }
                }
                case EVENTS -> {
                    try (Ebats ebats = Ebats.connect(run);
                         Workload w = new EventsWorkload(ebats, options.concurrency())) {
                        yield rounds(scenario, broker, w);
                    }
                }
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ScenarioResult.failed(scenario, broker, options.messages(), "interrupted");
        } catch (Exception e) {
            return ScenarioResult.failed(scenario, broker, options.messages(), "failed: " + describe(e));
        }
    }

    /** The warm-up round, then the timed one. */
    private ScenarioResult rounds(Scenario scenario, String broker, Workload workload) throws Exception {
        Workload.Publisher[] publishers = new Workload.Publisher[options.publishers()];
        for (int k = 0; k < publishers.length; k++) {
            publishers[k] = workload.publisher(k);
        }
        if (options.warmup() > 0) {
            Outcome warmup = round(workload, publishers, 1, options.warmup());
            if (warmup.error != null || warmup.measurement.lost() > 0) {
                return ScenarioResult.failed(scenario, broker, options.messages(), "warm-up: "
                        + (warmup.error != null ? warmup.error : warmup.measurement.lost() + " messages lost"));
            }
        }
        Outcome timed = round(workload, publishers, 2, options.messages());
        return ScenarioResult.of(scenario, broker, timed.measurement, timed.error);
    }

    private Outcome round(Workload workload, Workload.Publisher[] publishers, int id, int count)
            throws InterruptedException {
        Duration timeout = options.roundTimeout(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        Round round = new Round(id, count);
        workload.route(round);
        String error = PublishingThreads.run(publishers, round, timeout);
        boolean complete = round.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        Round.Measurement m = round.measure();
        if (!complete && error == null) {
            error = "only " + m.done() + " of " + count + " messages done within "
                    + BenchmarkOptions.seconds(timeout);
        }
        return new Outcome(m, error);
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
            cleaner.deleteTopology(List.of(DirectWorkload.TOPIC, EventsWorkload.TOPIC));
        } catch (RuntimeException e) {
            progress.accept("could not delete namespace " + run.namespace() + ": " + e.getMessage());
        }
    }

    private record Outcome(Round.Measurement measurement, String error) {
    }
}
