package io.ebats.internal.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import java.io.IOException;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgements of one consumer channel, sent several at a time: a quorum queue settles a whole range
 * with one Raft command, so one {@code basic.ack} with {@code multiple} costs the broker far less than one per
 * delivery. A task's ack is held until {@code batch} are held or no other delivery of the channel is unsettled;
 * then one {@code multiple} ack settles every held tag below the oldest unsettled delivery, and the held tags
 * above it (tasks finish out of order) stay held unless they are {@code batch} or more, in which case they go
 * singly. No ack is held longer than {@code maxHoldMillis}. Nacks go out at once. Thread-safe.
 *
 * <p>Delivery tags of an automatically recovered channel go on from where the old one stopped; tags delivered
 * before a recovery (or on a closed channel) are no longer this consumer's to settle ({@link #owns}).
 */
public final class AckBatcher {

    private static final Logger log = LoggerFactory.getLogger(AckBatcher.class);

    private final Channel channel;
    private final int batch;
    private final long maxHoldMillis;
    private final ScheduledExecutorService timer;
    /** Delivered, neither acked nor nacked yet. */
    private final TreeSet<Long> unsettled = new TreeSet<>();
    /** Acked by a task, not yet sent to the broker. */
    private final TreeSet<Long> held = new TreeSet<>();
    private long lastDelivered;
    /** Tags up to here were delivered before the channel's last recovery: the broker took them back. */
    private long staleUpTo;
    private boolean flushScheduled;
    /** While true, acks are held however many, and sent by {@link #release()}. */
    private boolean holding;

    /**
     * @param batch         held acks that trigger a flush; 1 sends every ack at once
     * @param maxHoldMillis the longest an ack is held
     * @param timer         runs the flushes that {@code maxHoldMillis} calls for
     */
    public AckBatcher(Channel channel, int batch, long maxHoldMillis, ScheduledExecutorService timer) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, was " + batch);
        }
        this.channel = channel;
        this.batch = batch;
        this.maxHoldMillis = maxHoldMillis;
        this.timer = timer;
        if (channel instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    recovered();
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    // the tags are stale only once the new channel delivers
                }
            });
        }
    }

    /**
     * Records a delivery; called in delivery order. False for one made before the channel's last recovery and
     * handed over only now: the broker has taken it back, and it must not run.
     */
    public synchronized boolean delivered(long tag) {
        if (tag <= staleUpTo) {
            return false;
        }
        unsettled.add(tag);
        lastDelivered = Math.max(lastDelivered, tag);
        return true;
    }

    /** True while the delivery can still be settled here: its channel is open and has not been recovered since. */
    public synchronized boolean owns(long tag) {
        return tag > staleUpTo && channel.isOpen();
    }

    /** Acks a delivery, now or with a later flush; false when it is no longer this consumer's to settle. */
    public boolean ack(long tag) {
        boolean scheduleFlush;
        synchronized (this) {
            if (!owns(tag) || !unsettled.remove(tag)) {
                return false;
            }
            held.add(tag);
            if (holding) {
                return true;
            }
            if ((held.size() >= batch || unsettled.isEmpty()) && !send(false)) {
                return false;
            }
            scheduleFlush = !held.isEmpty() && !flushScheduled;
            flushScheduled |= scheduleFlush;
        }
        if (scheduleFlush) {
            try {
                timer.schedule(this::flush, maxHoldMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                flush(); // the worker is closing and flushes last itself
            }
        }
        return true;
    }

    /** Gives a delivery back to the queue at once. */
    public synchronized void requeue(long tag) {
        if (!owns(tag) || !unsettled.remove(tag)) {
            return; // the broker has taken it back already
        }
        try {
            channel.basicNack(tag, false, true);
        } catch (IOException | RuntimeException e) {
            log.debug("nack of delivery {} failed, the broker redelivers it with the channel: {}", tag, e.toString());
        }
    }

    /** Sends every held ack; false when the channel could not take them (the broker redelivers those tasks). */
    public synchronized boolean flush() {
        flushScheduled = false;
        return holding || send(true);
    }

    /**
     * Sends no acks until {@link #release()}: the broker then hands this consumer no more deliveries once the
     * prefetch is reached, so that none is on its way when the consumer is cancelled (a quorum queue returns such
     * deliveries itself, counting each as a redelivery).
     */
    public synchronized void hold() {
        holding = true;
    }

    /** Sends the acks held since {@link #hold()}, and the later ones as usual. */
    public synchronized boolean release() {
        holding = false;
        return flush();
    }

    /** Deliveries the broker counts as unacknowledged: not settled, or acked here and not yet sent. */
    public synchronized int outstanding() {
        return unsettled.size() + held.size();
    }

    /** Sends the held acks below the oldest unsettled delivery, and the others too when {@code all}. */
    private boolean send(boolean all) {
        if (held.isEmpty()) {
            return true;
        }
        try {
            Long upTo = held.lower(unsettled.isEmpty() ? Long.MAX_VALUE : unsettled.first());
            if (upTo != null) {
                channel.basicAck(upTo, true);
                held.headSet(upTo, true).clear();
            }
            if (all || held.size() >= batch) {
                for (long tag : held) {
                    channel.basicAck(tag, false);
                }
                held.clear();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("could not acknowledge {} deliveries; the broker will redeliver them: {}", held.size(),
                    e.toString());
            held.clear();
            return false;
        }
    }

    /** Held acks, for tests and the consumer's close. */
    public synchronized int heldCount() {
        return held.size();
    }

    private synchronized void recovered() {
        staleUpTo = lastDelivered;
        unsettled.clear();
        held.clear();
    }
}
