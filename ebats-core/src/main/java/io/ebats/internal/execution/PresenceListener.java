package io.ebats.internal.execution;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.ebats.EbatsException;
import io.ebats.WorkerPresence;
import io.ebats.internal.Engine;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/** Collects worker heartbeats for a while through a temporary queue bound to the presence exchange. */
public final class PresenceListener {

    /** Long enough to hear every live worker at least once. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMillis(Presence.HEARTBEAT_MILLIS * 3 / 2);

    private PresenceListener() {
    }

    /** The workers heard within {@code window}, by name. */
    public static List<WorkerPresence> listen(Engine engine, Connection connection, Duration window) {
        engine.topology().ensurePresence();
        Map<String, WorkerPresence> heard = new ConcurrentHashMap<>();
        try {
            Channel channel = connection.createChannel();
            try {
                String queue = channel.queueDeclare("", false, true, true, Map.of()).getQueue();
                channel.queueBind(queue, engine.names().presenceExchange(), "");
                channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                        try {
                            WorkerPresence presence = io.ebats.internal.message.Json.MAPPER.readValue(body,
                                    WorkerPresence.class);
                            heard.merge(presence.workerId(), presence,
                                    (a, b) -> a.heartbeatAt().isAfter(b.heartbeatAt()) ? a : b);
                        } catch (IOException | RuntimeException ignored) {
                            // not an announcement of this version: skip it
                        }
                    }
                });
                Thread.sleep(window.toMillis());
            } finally {
                if (channel.isOpen()) {
                    channel.close();
                }
            }
        } catch (IOException | TimeoutException e) {
            throw new EbatsException("cannot listen for workers: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<WorkerPresence> workers = new ArrayList<>(heard.values());
        workers.sort(Comparator.comparing(WorkerPresence::name).thenComparing(WorkerPresence::workerId));
        return workers;
    }
}
