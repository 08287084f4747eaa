package io.ebats.internal.execution;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.ebats.EbatsException;
import io.ebats.WorkerPresence;
import io.ebats.internal.Closeables;
import io.ebats.internal.Engine;
import io.ebats.internal.message.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to worker heartbeats on a temporary queue bound to the presence exchange and keeps the last one of
 * each worker. A worker is online while its heartbeats keep coming; a closing worker says goodbye.
 */
public final class OnlineWorkers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OnlineWorkers.class);

    /** An announcement lists at most {@link WorkerPresence#MAX_LISTED_TASKS} tasks: far below this. */
    static final int MAX_ANNOUNCEMENT_BYTES = 256 * 1024;
    /** Workers remembered at most, so that forged announcements cannot grow the map without end. */
    static final int MAX_WORKERS = 10_000;

    /** A worker whose last heartbeat is older than this is offline. */
    private static final long OFFLINE_AFTER_MILLIS = Heartbeat.HEARTBEAT_MILLIS * 3;
    /** Long enough to hear every live worker once. */
    private static final long FIRST_LISTEN_MILLIS = Heartbeat.HEARTBEAT_MILLIS * 3 / 2;

    private final Map<String, Heard> heard = new ConcurrentHashMap<>();
    private final Channel channel;
    private final long listeningSince;

    private final Engine engine;

    /** Starts listening on the engine's admin connection; closed with the engine. */
    public OnlineWorkers(Engine engine) {
        engine.components().requireOpen();
        this.engine = engine;
        engine.topology().ensurePresence();
        try {
            channel = engine.adminConnection().createChannel();
            String queue = channel.queueDeclare("", false, true, true, Map.of()).getQueue();
            channel.queueBind(queue, engine.names().presenceExchange(), "");
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                    receive(props.getType(), body);
                }
            });
        } catch (IOException e) {
            throw new EbatsException("cannot listen for workers: " + e.getMessage(), e);
        }
        listeningSince = System.currentTimeMillis();
        try {
            engine.components().add(this);
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    /** The workers online, by name; the first call waits until every live worker was heard once. */
    public List<WorkerPresence> workers() {
        long wait = listeningSince + FIRST_LISTEN_MILLIS - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long now = System.currentTimeMillis();
        List<WorkerPresence> online = new ArrayList<>();
        for (Heard entry : heard.values()) {
            if (now - entry.receivedAt <= OFFLINE_AFTER_MILLIS) {
                online.add(entry.presence);
            }
        }
        online.sort(Comparator.comparing(WorkerPresence::name).thenComparing(WorkerPresence::workerId));
        return online;
    }

    private void receive(String type, byte[] body) {
        if (body.length > MAX_ANNOUNCEMENT_BYTES) {
            return; // no worker announces this much: anyone may publish to the presence exchange
        }
        WorkerPresence presence;
        try {
            presence = Json.MAPPER.readValue(body, WorkerPresence.class);
        } catch (IOException | RuntimeException e) {
            return; // not an announcement this version reads
        }
        if (presence == null || presence.workerId() == null || presence.heartbeatAt() == null) {
            return;
        }
        if (Heartbeat.GOODBYE.equals(type)) {
            heard.remove(presence.workerId());
            return;
        }
        if (heard.size() >= MAX_WORKERS) {
            long now = System.currentTimeMillis();
            heard.values().removeIf(entry -> now - entry.receivedAt > OFFLINE_AFTER_MILLIS);
        }
        if (heard.size() < MAX_WORKERS || heard.containsKey(presence.workerId())) {
            heard.merge(presence.workerId(), new Heard(presence, System.currentTimeMillis()),
                    (old, now) -> old.presence.heartbeatAt().isAfter(now.presence.heartbeatAt()) ? old : now);
        }
    }

    @Override
    public void close() {
        Closeables.closeQuietly(channel, log, "the channel listening to heartbeats");
        engine.components().remove(this);
    }

    private record Heard(WorkerPresence presence, long receivedAt) {
        Heard {
            if (presence.heartbeatAt() == null) {
                presence = new WorkerPresence(presence.workerId(), presence.name(), presence.host(), presence.pid(),
                        presence.concurrency(), presence.inFlight(), presence.running(), presence.startedAt(),
                        Instant.now());
            }
        }
    }
}
