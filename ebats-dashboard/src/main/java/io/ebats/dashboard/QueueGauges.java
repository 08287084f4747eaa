package io.ebats.dashboard;

import io.ebats.Ebats;
import io.ebats.EventManager;
import io.ebats.Status;
import io.ebats.TopicStatus;
import io.ebats.WorkerPresence;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of the broker's queues and the workers online on a Micrometer registry, refreshed every 5 s from the
 * broker on a daemon thread of their own: {@code ebats.queue.ready}, {@code ebats.queue.in.flight},
 * {@code ebats.queue.consumers} and {@code ebats.dead.letters.queued} by topic, {@code ebats.delayed},
 * {@code ebats.undeliverable}, {@code ebats.workers.online} and {@code ebats.worker.in.flight} (docs/dashboard.md).
 * The dashboard serves them under {@code /metrics}; {@link #start(Ebats, EventManager, Set, MeterRegistry)} puts
 * them on a registry of the caller's.
 *
 * <p>Thread-safe. {@link #close()} stops the refreshing (the gauges stay registered with their last values); the
 * {@link Ebats} and the registry stay the caller's.
 */
public final class QueueGauges implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);
    static final long REFRESH_SECONDS = 5;

    private final SystemView system;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().name("ebats-dashboard-gauges").daemon().unstarted(r));

    QueueGauges(SystemView system, MeterRegistry registry) {
        this.system = system;
        this.registry = registry;
    }

    /**
     * Starts refreshing gauges of the queues of {@code topics}, of the topics registered in {@code events} (may be
     * null) and of those the workers online consume. Each refresh costs a round trip to the broker per queue and one
     * for the workers.
     */
    public static QueueGauges start(Ebats ebats, EventManager events, Set<String> topics, MeterRegistry registry) {
        Objects.requireNonNull(ebats, "ebats");
        Objects.requireNonNull(registry, "registry");
        QueueGauges gauges = new QueueGauges(new SystemView(ebats, events, topics == null ? Set.of()
                : Set.copyOf(topics)), registry);
        gauges.start();
        return gauges;
    }

    void start() {
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    void refresh() {
        try {
            Status status = system.status();
            for (TopicStatus t : status.topics()) {
                set("ebats.queue.ready", t.topic(), "Tasks waiting in the topic's queue", t.ready());
                set("ebats.queue.in.flight", t.topic(), "Tasks delivered and not yet acknowledged", t.inFlight());
                set("ebats.queue.consumers", t.topic(), "Consumers of the topic's queue", t.consumers());
                set("ebats.dead.letters.queued", t.topic(), "Tasks in the topic's dead-letter queue", t.dead());
            }
            set("ebats.delayed", null, "Tasks waiting in the delay ladder", status.delayed());
            set("ebats.undeliverable", null, "Delayed tasks whose queue was deleted while they waited",
                    status.delayLadder().undeliverable());
            set("ebats.workers.online", null, "Workers heard from in their heartbeats", status.workers().size());
            set("ebats.worker.in.flight", null, "Tasks running on the workers online",
                    status.workers().stream().mapToLong(WorkerPresence::totalInFlight).sum());
        } catch (RuntimeException e) {
            log.debug("dashboard: cannot read the queues: {}", e.toString());
        }
    }

    private void set(String name, String topic, String description, long value) {
        values.computeIfAbsent(name + "|" + topic, key -> {
            AtomicLong holder = new AtomicLong();
            Gauge.Builder<AtomicLong> gauge = Gauge.builder(name, holder, AtomicLong::get).description(description);
            if (topic != null) {
                gauge.tag("topic", topic);
            }
            gauge.register(registry);
            return holder;
        }).set(value);
    }

    /** Stops refreshing; idempotent. */
    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
