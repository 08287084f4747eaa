package io.ebats.internal.cancellation;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import io.ebats.CancelledTasks;
import io.ebats.internal.Closeables;
import io.ebats.internal.Engine;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's knowledge of the cancelled tasks: the ids in the store, read when it starts and after every recovery
 * of its connection, and the ids the cancel broadcast brings in between. It subscribes first and reads the store
 * second, so that no cancel falls between the two; the client declares the subscription again before it tells of a
 * recovery, and deliveries wait for the read that follows. Each broadcast cancel is also handed to the listener, which interrupts a run of the task. Thread-safe;
 * the listener is called from the connection's consumer thread, and must be quick.
 */
public final class CancelWatch implements AutoCloseable {

    /** How long after a failed read of the store it is read again. */
    static final Duration RETRY = Duration.ofSeconds(5);
    /**
     * How long a delivery waits, after a reconnect, for the store to be read again before it is looked up in what
     * the worker knew: the broker delivers again before the worker can read, and a cancel sent while the connection
     * was down is known only from the store.
     */
    static final Duration STALE_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(CancelWatch.class);

    /** What the worker does when it hears of a cancel. */
    @FunctionalInterface
    public interface Listener {

        void cancelled(String taskId);
    }

    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final CancelledTasks store;
    private final String name;
    private final Channel channel;
    private final ScheduledExecutorService reader;
    /** Open while the ids are up to date; closed from a recovery's start until the store was read again. */
    private volatile CountDownLatch current = new CountDownLatch(0);

    /**
     * Subscribes to the namespace's cancels on a channel of {@code connection} and reads the store.
     *
     * @throws IOException           when the subscription cannot be made
     * @throws IllegalStateException when the store cannot be read: the worker cannot know which tasks not to run
     */
    public CancelWatch(Engine engine, Connection connection, CancelledTasks store, String name, Listener listener)
            throws IOException {
        this.store = store;
        this.name = name;
        engine.topology().ensureCancels();
        this.channel = connection.createChannel();
        try {
            String queue = channel.queueDeclare("", false, true, true, Map.of()).getQueue();
            channel.queueBind(queue, engine.names().cancelExchange(), "");
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                    String taskId = CancelBroadcast.taskId(props, body);
                    if (taskId != null && cancelled.add(taskId)) {
                        log.debug("worker {}: task {} cancelled", name, taskId);
                    }
                    if (taskId != null) {
                        listener.cancelled(taskId);
                    }
                }
            });
            cancelled.addAll(store.cancelledIds());
        } catch (IOException | RuntimeException e) {
            Closeables.closeQuietly(channel, log, "the cancel watch's channel");
            throw e;
        }
        this.reader = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ebats-cancel-watch-" + name).factory());
        if (connection instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    readSoon(0);
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    // cancels sent while the connection was down are read from the store once it is back
                    if (current.getCount() == 0) {
                        current = new CountDownLatch(1);
                    }
                }
            });
        }
    }

    /**
     * Whether the task is cancelled, as far as this worker knows. After a reconnect it first waits, up to
     * {@link #STALE_WAIT}, until the store was read again.
     */
    public boolean isCancelled(String taskId) {
        CountDownLatch latch = current;
        if (latch.getCount() > 0) {
            awaitRead(latch);
        }
        return cancelled.contains(taskId);
    }

    private void awaitRead(CountDownLatch latch) {
        try {
            if (!latch.await(STALE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("worker {}: the cancelled tasks were not read again within {} s of a reconnect; going on with"
                        + " what it knew", name, STALE_WAIT.toSeconds());
                latch.countDown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many cancelled task ids this worker holds. */
    public int size() {
        return cancelled.size();
    }

    private void readSoon(long delayMillis) {
        try {
            reader.schedule(this::read, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void read() {
        CountDownLatch latch = current;
        try {
            cancelled.addAll(store.cancelledIds());
            latch.countDown();
        } catch (RuntimeException e) {
            log.warn("worker {}: cannot read the cancelled tasks, again in {} s: {}", name, RETRY.toSeconds(),
                    e.getMessage());
            readSoon(RETRY.toMillis());
        }
    }

    /** Stops reading and closes the channel, which ends the subscription; idempotent. */
    @Override
    public void close() {
        reader.shutdownNow();
        current.countDown();
        if (channel.isOpen()) {
            Closeables.closeQuietly(channel, log, "the cancel watch's channel");
        }
    }
}
