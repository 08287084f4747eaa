package io.ebats.internal.pause;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import io.ebats.internal.Closeables;
import io.ebats.internal.broker.PauseMarkers;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's watch on the pause markers of its topics: declares each once at the start, then reads each every
 * {@link #INTERVAL} on a channel of its own, and after a connection recovery at once, with a passive declare, so that
 * a marker deleted while the worker runs (with its topic's queues) is not created again: a missing marker is a topic
 * not paused. The 404 of a missing marker closes the channel; the next read opens another. It tells the worker when
 * one of its topics is paused or resumed. A topic
 * counts as resumed after two reads in a row find its marker empty, since a quorum queue whose leader does not
 * answer in time reports 0 messages; one read that finds a message pauses it. A read that fails changes nothing.
 * Thread-safe; the listener is called from the watch's one thread.
 */
public final class PauseWatch implements AutoCloseable {

    /** How often each marker is read. */
    public static final Duration INTERVAL = Duration.ofMillis(500);
    /** Empty reads in a row that resume a paused topic. */
    static final int EMPTY_READS_TO_RESUME = 2;

    private static final Logger log = LoggerFactory.getLogger(PauseWatch.class);

    /** What the worker does when a topic's state changes. */
    public interface Listener {

        void paused(String topic);

        void resumed(String topic);
    }

    private final Connection connection;
    private final PauseMarkers markers;
    private final Listener listener;
    private final String name;
    /** Topic to the empty reads in a row while paused; absent while not paused. Guarded by this. */
    private final Map<String, Integer> paused = new LinkedHashMap<>();
    private final List<String> topics;
    private final ScheduledExecutorService timer;
    private Channel channel; // the timer's thread only, after start

    /**
     * Reads every marker once, declaring it, and starts watching.
     *
     * @throws IOException when a marker cannot be read: the worker cannot know whether to consume
     */
    public PauseWatch(Connection connection, PauseMarkers markers, Set<String> topics, String name, Listener listener)
            throws IOException {
        this.connection = connection;
        this.markers = markers;
        this.listener = listener;
        this.name = name;
        this.topics = List.copyOf(topics);
        this.channel = connection.createChannel();
        try {
            for (String topic : this.topics) {
                if (markers.count(channel, topic) > 0) {
                    paused.put(topic, 0);
                }
            }
        } catch (IOException e) {
            Closeables.closeQuietly(channel, log, "the pause watch's channel");
            throw e;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ebats-pause-watch-" + name).factory());
        timer.scheduleWithFixedDelay(this::readAll, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        if (connection instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    readSoon();
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    // read once the connection is back
                }
            });
        }
    }

    /** Whether {@code topic} was paused at the last read. */
    public synchronized boolean isPaused(String topic) {
        return paused.containsKey(topic);
    }

    private void readSoon() {
        try {
            timer.execute(this::readAll);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void readAll() {
        for (String topic : topics) {
            int messages;
            try {
                if (channel == null || !channel.isOpen()) {
                    channel = connection.createChannel();
                }
                messages = markers.read(channel, topic);
            } catch (IOException | RuntimeException e) {
                log.debug("worker {}: cannot read the pause of topic {}, again in {} ms: {}", name, topic,
                        INTERVAL.toMillis(), e.toString());
                return;
            }
            apply(topic, messages);
        }
    }

    private void apply(String topic, int messages) {
        boolean nowPaused;
        boolean nowResumed;
        synchronized (this) {
            Integer emptyReads = paused.get(topic);
            nowPaused = messages > 0 && emptyReads == null;
            nowResumed = messages == 0 && emptyReads != null && emptyReads + 1 >= EMPTY_READS_TO_RESUME;
            if (messages > 0) {
                paused.put(topic, 0);
            } else if (nowResumed) {
                paused.remove(topic);
            } else if (emptyReads != null) {
                paused.put(topic, emptyReads + 1);
            }
        }
        try {
            if (nowPaused) {
                listener.paused(topic);
            } else if (nowResumed) {
                listener.resumed(topic);
            }
        } catch (RuntimeException e) {
            log.warn("worker {}: could not apply the {} of topic {}: {}", name, nowPaused ? "pause" : "resume", topic,
                    e.toString(), e);
        }
    }

    /** Stops watching and closes the channel; idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Channel ch = channel;
        if (ch != null && ch.isOpen()) {
            Closeables.closeQuietly(ch, log, "the pause watch's channel");
        }
    }
}
