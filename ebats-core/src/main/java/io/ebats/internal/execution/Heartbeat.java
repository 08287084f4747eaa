package io.ebats.internal.execution;

import com.rabbitmq.client.AMQP;
import io.ebats.WorkerPresence;
import io.ebats.internal.Engine;
import io.ebats.internal.message.Headers;
import io.ebats.internal.message.Json;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces the tasks a worker runs, with the worker's identity, on the presence exchange
 * every {@link #HEARTBEAT_MILLIS} ms. Announcements are transient and unconfirmed: a lost one is replaced by
 * the next.
 */
final class Heartbeat implements AutoCloseable {

    static final long HEARTBEAT_MILLIS = 1000;
    static final String HEARTBEAT = "worker-presence";
    static final String GOODBYE = "worker-goodbye";
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final Engine engine;
    private final WorkerSettings settings;
    private final String workerId;
    private final Instant startedAt = Instant.now();
    private final HandlerWatchdog running;
    private final ScheduledExecutorService timer;
    private final String host;

    Heartbeat(Engine engine, WorkerSettings settings, String workerId, HandlerWatchdog running) {
        this.engine = engine;
        this.running = running;
        this.settings = settings;
        this.workerId = workerId;
        this.host = hostName();
        engine.topology().ensurePresence();
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("ebats-presence-" + settings.name()).daemon().factory());
        timer.scheduleAtFixedRate(this::announce, 0, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    WorkerPresence snapshot() {
        Map<String, Integer> inFlight = new TreeMap<>();
        settings.topics().forEach(topic -> inFlight.put(topic, 0));
        List<WorkerPresence.RunningTask> tasks = new ArrayList<>();
        for (WorkerPresence.RunningTask task : running.describe()) {
            inFlight.merge(task.topic(), 1, Integer::sum);
            if (tasks.size() < WorkerPresence.MAX_LISTED_TASKS) {
                tasks.add(task);
            }
        }
        return new WorkerPresence(workerId, settings.name(), host, ProcessHandle.current().pid(),
                settings.concurrency(), inFlight, tasks, startedAt, Instant.now());
    }

    private void announce() {
        announce(HEARTBEAT);
    }

    private void announce(String type) {
        try {
            byte[] body = Json.MAPPER.writeValueAsBytes(snapshot());
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                    .contentType(Headers.CONTENT_TYPE_JSON)
                    .deliveryMode(1) // no expiration: Qpid reads it as an absolute time; listeners consume at once
                    .type(type)
                    .build();
            engine.publisher().publishAsync(engine.names().presenceExchange(), "", props, body, false);
        } catch (Exception e) {
            log.debug("presence announcement failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        announce(GOODBYE);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
