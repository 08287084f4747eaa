package io.ebats.internal.scheduling;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.ebats.BrokerSettings;
import io.ebats.internal.Closeables;
import io.ebats.internal.broker.BrokerConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who fires a namespace's schedules, decided by the broker: the one consumer of {@code {ns}.schedules} that the
 * broker delivers to. On RabbitMQ the queue has a single active consumer ({@code x-single-active-consumer}: every
 * process consumes, the broker delivers to one and hands over when its channel ends); on the embedded broker the
 * consumer is exclusive (AMQP refuses every other with 403 while it lives). The queue always holds a state
 * snapshot, so the active consumer learns that it is by receiving it; it keeps the newest one unacknowledged, so
 * that when it dies, its channel's end returns the snapshot to the queue for the next. A new snapshot is published
 * and confirmed before the one it replaces is acknowledged, so the queue never holds none. Used by one thread.
 */
final class ScheduleLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScheduleLock.class);
    static final String SEQ = "x-ebats-schedules-seq";
    /** How long a new holder gathers snapshots after the first (two when a save was cut short). */
    private static final long GATHER_MILLIS = 200;

    private final BrokerSettings settings;
    private final String connectionName;
    private final String queue;
    private final boolean exclusive;
    private final Duration publishTimeout;
    private Connection connection;
    private Channel consuming;
    private Channel publishing;
    private Channel commands;
    private String refusal;
    /** The snapshot held unacknowledged, and what all received snapshots say together: guarded by this. */
    private long heldTag = -1;
    private long heldSeq = -1;
    private ScheduleState merged;

    /**
     * @param exclusive whether the lock is an exclusive consumer (a broker without single active consumers)
     */
    ScheduleLock(BrokerSettings settings, String connectionName, String queue, boolean exclusive,
                 Duration publishTimeout) {
        this.settings = settings;
        this.connectionName = connectionName;
        this.queue = queue;
        this.exclusive = exclusive;
        this.publishTimeout = publishTimeout;
    }

    /** Whether this process holds the lock now: it consumes and received the state. */
    synchronized boolean held() {
        return consuming != null && consuming.isOpen() && merged != null;
    }

    /**
     * Consumes the queue unless it does, and waits a moment for the state. Returns the state (what every snapshot
     * received says, the latest fire of each schedule) when the broker delivered it, so that this process holds
     * the lock; empty when another process holds it or the broker cannot be reached.
     */
    Optional<ScheduleState> tryAcquire(long waitMillis) {
        try {
            if (consuming == null || !consuming.isOpen()) {
                if (!consume()) {
                    return Optional.empty();
                }
            }
            synchronized (this) {
                long deadline = System.currentTimeMillis() + waitMillis;
                while (merged == null && System.currentTimeMillis() < deadline) {
                    wait(Math.max(1, deadline - System.currentTimeMillis()));
                }
                if (merged == null) {
                    return Optional.empty();
                }
                wait(GATHER_MILLIS);
                return Optional.of(merged);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("schedules: cannot try the lock: {}", e.toString());
            release();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release();
            return Optional.empty();
        }
    }

    /** Starts consuming; false when the broker refused an exclusive consumer. */
    private boolean consume() throws IOException {
        if (connection == null || !connection.isOpen()) {
            connection = BrokerConnection.openWithoutRecovery(settings, connectionName);
        }
        if (publishing == null || !publishing.isOpen()) {
            publishing = connection.createChannel();
            publishing.confirmSelect();
        }
        Channel ch = connection.createChannel();
        AMQP.Queue.DeclareOk counts = ch.queueDeclarePassive(queue);
        if (exclusive && counts.getConsumerCount() > 0) {
            Closeables.closeQuietly(ch, log, "a channel");
            return false; // held: asking would only be refused (and the embedded broker logs each refusal)
        }
        if (counts.getMessageCount() == 0) {
            save(ScheduleState.EMPTY); // the first process ever, or a holder has it: then it drops this one
        }
        synchronized (this) {
            heldTag = -1;
            heldSeq = -1;
            merged = null;
        }
        try {
            ch.basicQos(0); // every snapshot, to keep the newest and acknowledge the others
            ch.basicConsume(queue, false, "", false, exclusive, Map.of(), new SnapshotConsumer(ch));
        } catch (IOException refused) {
            String reason = refused.getCause() == null ? refused.toString() : refused.getCause().getMessage();
            if (!reason.equals(refusal)) {
                log.debug("schedules: another process holds the lock: {}", reason);
                refusal = reason;
            }
            return false; // 403: another process consumes exclusively; the broker closed the channel
        }
        consuming = ch;
        return true;
    }

    /**
     * Publishes {@code state} as the newest snapshot and waits for the broker's confirm; the one it replaces is
     * acknowledged when the new one arrives back.
     *
     * @throws IOException when the broker did not confirm it (the lock may be lost)
     */
    void save(ScheduleState state) throws IOException {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).headers(Map.of(SEQ, state.seq())).build();
        publishing.basicPublish("", queue, true, props, state.toJson());
        try {
            publishing.waitForConfirmsOrDie(publishTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while saving the schedules' state", e);
        } catch (TimeoutException e) {
            throw new IOException("the broker did not confirm the schedules' state within " + publishTimeout, e);
        }
    }

    /**
     * While holding the lock, consumes the commands of {@code queue} (pause, resume, trigger, list) on a channel
     * of the lock's connection, which ends with the lock; {@code handler} runs on the connection's thread and each
     * command must be {@link #ackCommand acknowledged} once applied.
     */
    void consumeCommands(String queue, DeliverCallback handler) throws IOException {
        commands = connection.createChannel();
        commands.basicQos(100);
        commands.basicConsume(queue, false, handler, tag -> { });
    }

    /** Acknowledges a command applied (and saved); false when the lock, and so the command, was lost. */
    boolean ackCommand(long tag) {
        try {
            if (commands != null && commands.isOpen()) {
                commands.basicAck(tag, false);
                return true;
            }
        } catch (IOException | RuntimeException e) {
            log.debug("schedules: cannot acknowledge a command: {}", e.toString());
        }
        return false;
    }

    /** Publishes through the default exchange on the state's channel, confirmed (replies to a listing). */
    void reply(String queue, AMQP.BasicProperties props, byte[] body) throws IOException {
        publishing.basicPublish("", queue, false, props, body);
        try {
            publishing.waitForConfirmsOrDie(publishTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while replying", e);
        } catch (TimeoutException e) {
            throw new IOException("the broker did not confirm a reply within " + publishTimeout, e);
        }
    }

    /** Whether this process consumes the queue: it holds the lock, or waits to be handed it. */
    boolean consuming() {
        return consuming != null && consuming.isOpen();
    }

    /** Gives the lock up: the held snapshot goes back to the queue for the next holder. */
    void release() {
        synchronized (this) {
            merged = null;
        }
        if (commands != null) {
            Closeables.closeQuietly(commands, log, "the schedules' command channel");
            commands = null;
        }
        if (consuming != null) {
            Closeables.closeQuietly(consuming, log, "the schedules' lock channel");
            consuming = null;
        }
        if (publishing != null) {
            Closeables.closeQuietly(publishing, log, "the schedules' state channel");
            publishing = null;
        }
    }

    @Override
    public void close() {
        release();
        if (connection != null) {
            Closeables.closeQuietly(connection, log, "the schedules' connection");
            connection = null;
        }
    }

    /** Keeps the newest snapshot unacknowledged and acknowledges every older one. */
    private final class SnapshotConsumer extends DefaultConsumer {

        SnapshotConsumer(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                throws IOException {
            long seq = seqOf(props);
            ScheduleState state;
            try {
                state = ScheduleState.fromJson(body);
            } catch (RuntimeException e) {
                log.warn("schedules: a message in {} is not a state snapshot and is dropped: {}", queue, e.getMessage());
                getChannel().basicAck(envelope.getDeliveryTag(), false);
                return;
            }
            long older;
            synchronized (ScheduleLock.this) {
                merged = merged == null ? state : merged.merge(state);
                if (seq > heldSeq) {
                    older = heldTag;
                    heldTag = envelope.getDeliveryTag();
                    heldSeq = seq;
                } else {
                    older = envelope.getDeliveryTag();
                }
                ScheduleLock.this.notifyAll();
            }
            if (older >= 0) {
                getChannel().basicAck(older, false);
            }
        }
    }

    private static long seqOf(AMQP.BasicProperties props) {
        Object seq = props.getHeaders() == null ? null : props.getHeaders().get(SEQ);
        return seq instanceof Number number ? number.longValue() : 0;
    }
}
