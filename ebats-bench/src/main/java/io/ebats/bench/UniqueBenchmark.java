package io.ebats.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.NewTask;
import io.ebats.UniqueKey;
import io.ebats.UniqueTasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The {@code unique} scenario: the cost of a unique key on creating tasks. The same tasks are created from P threads
 * two ways in turn, round by round: {@code tasks().create} (direct) and {@code uniqueTasks(history).create} with a
 * key of each task's own, which claims the key in the history database before the publish and marks it queued after
 * the confirm. Both wait for each confirm, as a unique create does. Each round is timed from the first create to
 * the last confirm; the queue is checked and purged after it, and no worker consumes, so the keys stay queued: the
 * table grows by N rows a round. The database is a temporary SQLite file or a schema of the run's own, removed
 * afterwards. Not thread-safe: one run at a time.
 */
public final class UniqueBenchmark {

    static final String TOPIC = "unique-bench";

    /**
     * Throughputs of one run, in tasks a second.
     *
     * @param tasks    tasks each way created in each round
     * @param threads  creating threads
     * @param rounds   timed rounds of each way; the figures are the medians
     * @param database where the keys were held, e.g. {@code sqlite file}
     * @param direct   {@code tasks().create}
     * @param unique   {@code uniqueTasks(history).create} with distinct keys
     */
    public record Result(int tasks, int threads, int rounds, String database, double direct, double unique) {

        /** The unique creates' throughput as a share of the direct ones'. */
        public double ratio() {
            return unique / direct;
        }

        /** Two lines: what ran, what it measured. */
        public String summary() {
            return String.format(Locale.ROOT, "unique: %d tasks from %d threads, keys in %s, median of %d rounds%n"
                            + "  direct create %.0f tasks/s, unique create %.0f tasks/s (unique/direct %.2f)%n",
                    tasks, threads, database, rounds, direct, unique, ratio());
        }
    }

    private final EbatsConfig config;
    private final HistoryDatabase database;
    private final Consumer<String> progress;

    public UniqueBenchmark(EbatsConfig config, HistoryDatabase database, Consumer<String> progress) {
        this.config = Objects.requireNonNull(config, "config");
        this.database = Objects.requireNonNull(database, "database");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Creates {@code tasks} tasks each way per round, {@code rounds} times, alternating the ways, after an untimed
     * round of each with a tenth of them.
     */
    public Result run(int tasks, int threads, int rounds) throws Exception {
        String namespace = config.namespace() + "-unique-bench-" + UUID.randomUUID().toString().substring(0, 8);
        EbatsConfig run = config.toBuilder().namespace(namespace).delayLadder(namespace + ".ladder").build();
        Payload payload = new Payload(300);
        String queue = namespace + ".task." + TOPIC;
        double[][] rates = new double[2][rounds];
        String label;
        try (BenchHistory history = BenchHistory.open(database);
             Ebats ebats = Ebats.connect(run);
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            label = history.database();
            UniqueTasks unique = ebats.uniqueTasks(history.store());
            Connection connection = run.broker().newConnection("bench-unique-check");
            try {
                ebats.tasks().create(TOPIC, "warm", Map.of()); // declares the topic's queues
                purge(connection, queue, 1);
                progress.accept("unique: " + tasks + " tasks from " + threads + " threads, " + rounds
                        + " rounds of direct and unique creates, keys in " + label);
                int warmup = Math.max(1, tasks / 10);
                createAll(pool, threads, warmup, i -> ebats.tasks().create(task(payload, i)));
                purge(connection, queue, warmup);
                createAll(pool, threads, warmup, i -> create(unique, task(payload, i), key(-1, i)));
                purge(connection, queue, warmup);
                for (int r = 0; r < rounds; r++) {
                    int round = r;
                    rates[0][r] = Rates.perSecond(tasks, () -> createAll(pool, threads, tasks,
                            i -> ebats.tasks().create(task(payload, i))));
                    purge(connection, queue, tasks);
                    rates[1][r] = Rates.perSecond(tasks, () -> createAll(pool, threads, tasks,
                            i -> create(unique, task(payload, i), key(round, i))));
                    purge(connection, queue, tasks);
                    progress.accept(String.format(Locale.ROOT, "unique: round %d: direct %.0f, unique %.0f a second",
                            r + 1, rates[0][r], rates[1][r]));
                }
            } finally {
                connection.close(2_000);
                ebats.deleteTopology(List.of(TOPIC));
            }
        }
        return new Result(tasks, threads, rounds, label, Rates.median(rates[0]), Rates.median(rates[1]));
    }

    private static NewTask task(Payload payload, int index) {
        return NewTask.of(TOPIC, "unique", payload.params(index));
    }

    /** A key of its own for each task of each round; the warm-up's round is -1. */
    private static UniqueKey key(int round, int index) {
        return UniqueKey.of("bench:" + round + ":" + index);
    }

    private static void create(UniqueTasks unique, NewTask task, UniqueKey key) {
        if (!unique.create(task, key).created()) {
            throw new IllegalStateException("unique key " + key + " was held: every key of a run is new");
        }
    }

    /** Creates tasks 0..n-1 on {@code threads} threads of the pool, each create waiting for its confirm. */
    private static void createAll(ExecutorService pool, int threads, int n, Create create) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    create.create(i);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    /** Purges the queue after checking that it holds what was created: every task, once. */
    private static void purge(Connection connection, String queue, int expected) throws Exception {
        try (Channel channel = connection.createChannel()) {
            int held = channel.queueDeclarePassive(queue).getMessageCount();
            if (held != expected) {
                throw new IllegalStateException(expected + " tasks were created, and " + queue + " holds " + held);
            }
            channel.queuePurge(queue);
        }
    }

    @FunctionalInterface
    private interface Create {
        void create(int index) throws Exception;
    }
}
