package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.BrokerSettings;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.Event;
import io.ebats.NewTask;
import io.ebats.TopicStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the fault scenarios: a namespace and topic of the test's own on the real RabbitMQ, child JVMs that
 * are killed at the end whatever happens, publishing a run of numbered tasks, reading the completions.
 */
abstract class FaultRun {

    static final String BROKER_URI = System.getenv().getOrDefault("EBATS_TEST_BROKER_URI",
            "amqp://guest:guest@127.0.0.1:5672");
    /** 2^16 ms is a minute: enough for the retries of the scenarios, and fewer queues to replicate. */
    static final int DELAY_LEVELS = 16;
    static final int RUN = 10_000;
    static final Duration RUN_LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path logs;
    String namespace;
    String topic;
    Ebats ebats;
    private final List<ChildJvm> children = new ArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        startBroker();
        namespace = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        topic = "run";
        ebats = Ebats.connect(config());
    }

    /** Starts the scenario's own broker, if it has one; before anything connects. */
    void startBroker() throws Exception {
    }

    /** The broker of the scenario: the machine's RabbitMQ unless a scenario brings its own. */
    String brokerUri() {
        return BROKER_URI;
    }

    EbatsConfig config() {
        return config(brokerUri(), namespace);
    }

    /** Settings for a broker given as a URI, or as {@code addresses:h1:p1,h2:p2} for a cluster (guest/guest). */
    static EbatsConfig config(String broker, String namespace) {
        BrokerSettings settings = broker.startsWith("addresses:")
                ? BrokerSettings.addresses(List.of(broker.substring("addresses:".length()).split(",")), "guest", "guest")
                : BrokerSettings.uri(broker);
        return EbatsConfig.builder().broker(settings).namespace(namespace).delayLadder(namespace + ".ladder")
                .delayLevels(DELAY_LEVELS).publishTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (ChildJvm child : children) {
            child.close();
        }
        ebats.close(); // first its workers: nothing consumes the queues being deleted
        try {
            if (deletesTopologyAfter()) {
                try (Ebats cleaner = Ebats.connect(config())) {
                    cleaner.deleteTopology(List.of(topic));
                }
            }
        } finally {
            stopBroker();
        }
    }

    /** Whether the namespace's queues and exchanges are deleted after the test: not on a broker thrown away. */
    boolean deletesTopologyAfter() {
        return true;
    }

    /** Stops the scenario's own broker, if it has one. */
    void stopBroker() throws Exception {
    }

    /** Kills the child at the end of the test, whatever happens. */
    void adopt(ChildJvm child) {
        children.add(child);
    }

    /** A worker JVM of {@link FaultWorkerMain} logging into its own file; returns once it consumes. */
    ChildJvm startWorker(String name, int concurrency, long sleepMillis) throws InterruptedException {
        ChildJvm worker = ChildJvm.start(name, FaultWorkerMain.class, brokerUri(), namespace, topic, concurrency,
                logs.resolve(name + ".log"), sleepMillis);
        children.add(worker);
        worker.await("READY", Duration.ofSeconds(30));
        return worker;
    }

    /** Creates tasks 0..n-1 from {@code publishers} threads, each confirmed; returns when all are. */
    void publishRun(int n, int publishers) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(publishers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        ebats.tasks().create(NewTask.of(topic, FaultWorkerMain.TASK, Map.of("n", i)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    /**
     * Publishes events 0..n-1 (event id {@code ev-i}, so a copy yields the same task ids) from {@code threads}
     * threads. A publish that fails is tried again after 200 ms: only a confirmed publish counts as sent.
     *
     * @return how many publishes failed and were tried again
     */
    long publishEventsRetrying(int n, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < threads; p++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        while (true) {
                            try {
                                ebats.publish(Event.named(FaultSchedulerMain.EVENT).id("ev-" + i).param("n", i));
                                break;
                            } catch (RuntimeException e) {
                                failures.incrementAndGet();
                                if (System.nanoTime() > deadline) {
                                    throw e;
                                }
                                Thread.sleep(200);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return failures.get();
    }

    /** A scheduler JVM of {@link FaultSchedulerMain}; returns once it consumes. */
    ChildJvm startScheduler(String name) throws InterruptedException {
        ChildJvm scheduler = ChildJvm.start(name, FaultSchedulerMain.class, brokerUri(), namespace, topic);
        adopt(scheduler);
        scheduler.await("READY", Duration.ofSeconds(30));
        return scheduler;
    }

    /** {@link #publishEventsRetrying} of a run on a thread of its own; the failed publishes land in {@code failed}. */
    Thread publishRunInBackground(AtomicLong failed) {
        return Thread.ofPlatform().start(() -> {
            try {
                failed.set(publishEventsRetrying(RUN, 4));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Milliseconds from now until more than {@code margin} further tasks of the run completed (or all did). */
    long millisUntilProgress(int margin) {
        long from = System.nanoTime();
        int before = completions(RUN).distinct();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> completions(RUN).distinct() > before + margin || completions(RUN).allDone());
        return (System.nanoTime() - from) / 1_000_000;
    }

    /** Waits for the publisher and the whole run: nothing lost, every duplicate under its first copy's id. */
    Completions finishRun(Thread publisher) throws InterruptedException {
        publisher.join(RUN_LIMIT.toMillis());
        assertThat(publisher.isAlive()).as("publisher finished").isFalse();
        Completions done = awaitAllDone(RUN);
        awaitQueuesEmpty();
        assertThat(done.lost()).isZero();
        assertThat(done.duplicatesWithOtherIds()).isZero();
        return done;
    }

    Completions completions(int n) {
        return Completions.read(logs, n);
    }

    /** Waits until every task of the run completed at least once. */
    Completions awaitAllDone(int n) {
        await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> completions(n).allDone());
        return completions(n);
    }

    /** Waits until the topic's queue and dead-letter queue are empty and nothing is unacknowledged. */
    void awaitQueuesEmpty() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            TopicStatus status = ebats.status(List.of(topic)).topics().getFirst();
            return status.ready() == 0 && status.dead() == 0 && status.inFlight() == 0;
        });
    }
}
