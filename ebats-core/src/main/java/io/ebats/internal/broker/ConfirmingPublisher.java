package io.ebats.internal.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ReturnListener;
import io.ebats.EbatsException;
import io.ebats.PublishException;
import io.ebats.internal.Closeables;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes with publisher confirms on a few channels, asynchronously: every publish returns a future that
 * completes when the broker confirmed the message, and fails when it was nacked, returned as unroutable, the
 * channel closed first, or no confirm came within the timeout. Many messages are in flight per channel (no
 * {@code waitForConfirms} per message), at most {@value #MAX_UNCONFIRMED} in all: beyond that a publish waits
 * for a confirm, up to the timeout.
 *
 * <p>Futures complete on the connection's thread (or the timeout sweeper's): callbacks chained on them must
 * not block. Thread-safe. Channels are created once, at construction.
 */
public final class ConfirmingPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfirmingPublisher.class);

    /** Unconfirmed publishes allowed at once, over all channels. */
    public static final int MAX_UNCONFIRMED = 8_192;
    private static final Duration SWEEP = Duration.ofMillis(100);

    private final ConfirmChannel[] channels;
    private final Duration timeout;
    private final Semaphore unconfirmed = new Semaphore(MAX_UNCONFIRMED);
    private final ScheduledExecutorService sweeper;

    /** Opens {@code channelCount} channels on the connection; closing the publisher closes them. */
    public ConfirmingPublisher(Connection connection, int channelCount, Duration timeout) {
        this(connection::createChannel, channelCount, timeout, SWEEP);
    }

    /**
     * Publishes on channels from {@code opener}. Every {@code sweep} a thread fails the publishes whose confirm
     * is overdue; with {@code sweep} null there is no such thread and the caller calls {@link #failExpired}.
     */
    ConfirmingPublisher(ChannelOpener opener, int channelCount, Duration timeout, Duration sweep) {
        this.timeout = timeout;
        this.channels = new ConfirmChannel[channelCount];
        try {
            for (int i = 0; i < channelCount; i++) {
                channels[i] = new ConfirmChannel(opener.open(), unconfirmed);
            }
        } catch (IOException e) {
            throw new EbatsException("cannot open a publishing channel: " + e.getMessage(), e);
        }
        if (sweep == null) {
            this.sweeper = null;
            return;
        }
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("ebats-confirm-timeouts").factory());
        sweeper.scheduleWithFixedDelay(() -> failExpired(System.nanoTime()), sweep.toMillis(), sweep.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Where the publisher's channels come from: the connection, or a test's fakes. */
    @FunctionalInterface
    interface ChannelOpener {
        Channel open() throws IOException;
    }

    /** Publishes; the future completes on the broker's confirm. Never throws: failures complete the future. */
    public CompletableFuture<Void> publishAsync(String exchange, String routingKey, AMQP.BasicProperties props,
                                                byte[] body) {
        return publishAsync(exchange, routingKey, props, body, true);
    }

    /**
     * Publishes; with {@code mandatory} false a message no queue takes is dropped by the broker and still
     * confirmed (announcements nobody listens to).
     */
    public CompletableFuture<Void> publishAsync(String exchange, String routingKey, AMQP.BasicProperties props,
                                                byte[] body, boolean mandatory) {
        try {
            if (!unconfirmed.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return CompletableFuture.failedFuture(new PublishException(describe(exchange, routingKey)
                        + " was not sent: " + MAX_UNCONFIRMED + " publishes stayed unconfirmed for "
                        + timeout.toMillis() + " ms (broker unreachable, blocked or overloaded)"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new PublishException(describe(exchange, routingKey)
                    + " was not sent: interrupted while waiting for room among the unconfirmed publishes"));
        }
        return channelOfThisThread().publish(exchange, routingKey, props, body, mandatory);
    }

    /**
     * A thread always publishes on the same channel, so the broker takes one thread's messages in the order they
     * were sent, and threads on other channels do not wait for each other's lock.
     */
    private ConfirmChannel channelOfThisThread() {
        long mixed = Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L;
        return channels[Math.floorMod((int) (mixed >>> 32), channels.length)];
    }

    /**
     * Fails the publishes whose confirm is overdue at {@code now} ({@link System#nanoTime()}), so that every
     * future completes within about the timeout.
     */
    void failExpired(long now) {
        long oldest = now - timeout.toNanos();
        for (ConfirmChannel channel : channels) {
            channel.failSentBefore(oldest, "no confirm from the broker within " + timeout.toMillis()
                    + " ms (broker unreachable, blocked or overloaded); treat it as not published");
        }
    }

    /**
     * Publishes and waits for the confirm.
     *
     * @throws PublishException when the broker refused it or did not confirm within the timeout
     */
    public void publish(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body) {
        await(publishAsync(exchange, routingKey, props, body), describe(exchange, routingKey));
    }

    /** Waits for a publish future within the publish timeout and returns its value. */
    public <T> T await(CompletableFuture<T> confirm, String what) {
        try {
            return confirm.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof PublishException p ? p
                    : new PublishException(what + " was not confirmed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new PublishException(what + " was not confirmed by the broker within " + timeout.toMillis()
                    + " ms (broker unreachable, blocked or overloaded); treat it as not published");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(what + ": interrupted while waiting for the broker's confirm");
        }
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        for (ConfirmChannel channel : channels) {
            channel.close();
        }
    }

    static String describe(String exchange, String routingKey) {
        return "message to exchange '" + exchange + "' with key '" + routingKey + "'";
    }

    /** One confirm-mode channel and its outstanding publishes, keyed by sequence number. */
    private static final class ConfirmChannel implements ConfirmListener, ReturnListener {

        private final Channel channel;
        private final Semaphore unconfirmed;
        private final ConcurrentNavigableMap<Long, Pending> pending = new ConcurrentSkipListMap<>();

        ConfirmChannel(Channel channel, Semaphore unconfirmed) throws IOException {
            this.channel = channel;
            this.unconfirmed = unconfirmed;
            channel.confirmSelect();
            channel.addConfirmListener(this);
            channel.addReturnListener(this);
            channel.addShutdownListener(cause -> failAll("connection to the broker lost before the confirm: "
                    + cause.getMessage()));
        }

        CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties props,
                                        byte[] body, boolean mandatory) {
            Pending p = new Pending(props.getMessageId(), exchange, routingKey);
            synchronized (this) {
                long seq = channel.getNextPublishSeqNo();
                pending.put(seq, p);
                try {
                    channel.basicPublish(exchange, routingKey, mandatory, props, body);
                } catch (IOException | RuntimeException e) {
                    fail(seq, p.what + " could not be sent: " + e.getMessage(), e);
                }
            }
            return p.future;
        }

        @Override
        public void handleAck(long seq, boolean multiple) {
            settle(seq, multiple, true);
        }

        @Override
        public void handleNack(long seq, boolean multiple) {
            settle(seq, multiple, false);
        }

        @Override
        public void handleReturn(int replyCode, String replyText, String exchange, String routingKey,
                                 AMQP.BasicProperties props, byte[] body) {
            // A return precedes the ack of the same message on the same channel, and returns come in publish
            // order: the oldest pending publish with the same destination and id is the returned one.
            String id = props.getMessageId();
            for (Pending p : pending.values()) {
                if (!p.returned && Objects.equals(id, p.messageId) && exchange.equals(p.exchange)
                        && routingKey.equals(p.routingKey)) {
                    p.returned = true;
                    p.returnReason = replyText;
                    return;
                }
            }
        }

        private void settle(long seq, boolean multiple, boolean ack) {
            Map<Long, Pending> done = multiple ? pending.headMap(seq, true) : single(seq);
            for (Map.Entry<Long, Pending> entry : done.entrySet()) {
                Pending p = take(entry.getKey());
                if (p == null) {
                    continue;
                }
                if (!ack) {
                    p.future.completeExceptionally(new PublishException(p.what + " was refused by the broker (nack)"));
                } else if (p.returned) {
                    p.future.completeExceptionally(new PublishException(p.what + " could not be routed to any queue ("
                            + p.returnReason + ")"));
                } else {
                    p.future.complete(null);
                }
            }
        }

        private Map<Long, Pending> single(long seq) {
            Pending p = pending.get(seq);
            return p == null ? Map.of() : Map.of(seq, p);
        }

        /** Removes a pending publish, giving its place among the unconfirmed back; null when already settled. */
        private Pending take(long seq) {
            Pending p = pending.remove(seq);
            if (p != null) {
                unconfirmed.release();
            }
            return p;
        }

        private void fail(long seq, String reason, Throwable cause) {
            Pending p = take(seq);
            if (p != null) {
                p.future.completeExceptionally(new PublishException(reason, cause));
            }
        }

        private void failAll(String reason) {
            for (Long seq : pending.keySet()) {
                Pending p = pending.get(seq);
                if (p != null) {
                    fail(seq, p.what + ": " + reason, null);
                }
            }
        }

        /** Fails the publishes sent before {@code nanos} ({@link System#nanoTime()}); the oldest come first. */
        void failSentBefore(long nanos, String reason) {
            for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
                if (entry.getValue().sentAt - nanos > 0) {
                    return;
                }
                fail(entry.getKey(), entry.getValue().what + " was not confirmed: " + reason, null);
            }
        }

        void close() {
            Closeables.closeQuietly(channel, log, "a publishing channel");
            failAll("publisher closed");
        }
    }

    private static final class Pending {
        final String messageId;
        final String exchange;
        final String routingKey;
        final String what;
        final long sentAt = System.nanoTime();
        final CompletableFuture<Void> future = new CompletableFuture<>();
        volatile boolean returned;
        volatile String returnReason;

        Pending(String messageId, String exchange, String routingKey) {
            this.messageId = messageId;
            this.exchange = exchange;
            this.routingKey = routingKey;
            this.what = describe(exchange, routingKey);
        }
    }
}
