package io.ebats.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One round of a scenario: {@code count} messages keyed {@code <round>-<index>}, the time each was published
 * and the time it was done (acknowledged after its handler ran). A message done twice counts once, plus one
 * duplicate; a key of another round is ignored.
 *
 * <p>Thread-safe: publishers call {@link #sent}, consumers {@link #done} and {@link #failed}.
 */
final class Round {

    private final int id;
    private final int count;
    private final long[] sentAt;
    private final long[] doneAt;
    private final AtomicIntegerArray seen;
    private final CountDownLatch remaining;
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();

    Round(int id, int count) {
        this.id = id;
        this.count = count;
        this.sentAt = new long[count];
        this.doneAt = new long[count];
        this.seen = new AtomicIntegerArray(count);
        this.remaining = new CountDownLatch(count);
    }

    int count() {
        return count;
    }

    /** The message id of message {@code index}. */
    String key(int index) {
        return id + "-" + index;
    }

    /** Called just before message {@code index} is published. */
    void sent(int index) {
        sentAt[index] = System.nanoTime();
    }

    /** Called once the message with this key is done. */
    void done(String key) {
        int index = indexOf(key);
        if (index < 0) {
            return;
        }
        long now = System.nanoTime();
        if (seen.compareAndSet(index, 0, 1)) {
            doneAt[index] = now;
            remaining.countDown();
        } else {
            duplicates.incrementAndGet();
        }
    }

    /** Called when an attempt of a message of this round did not succeed. */
    void failed(String key) {
        if (indexOf(key) >= 0) {
            failures.incrementAndGet();
        }
    }

    /** Waits until every message is done; false when the time ran out first. */
    boolean await(Duration timeout) throws InterruptedException {
        return remaining.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** When the first message of the round was published, in {@link System#nanoTime()}; call after publishing. */
    long firstSentNanos() {
        long first = Long.MAX_VALUE;
        for (long t : sentAt) {
            if (t != 0) {
                first = Math.min(first, t);
            }
        }
        return first;
    }

    /** When the last message done so far was done, in {@link System#nanoTime()}; call after {@link #await}. */
    long lastDoneNanos() {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            if (seen.get(i) == 1) {
                last = Math.max(last, doneAt[i]);
            }
        }
        return last;
    }

    /** Throughput and latencies of what is done so far; call after {@link #await}. */
    Measurement measure() {
        return measure(List.of(this));
    }

    /**
     * Throughput and latencies of rounds run one after the other, as if they were one: messages, times and
     * latencies add up; call after each round's {@link #await}.
     */
    static Measurement measure(List<Round> rounds) {
        int messages = 0;
        int done = 0;
        int duplicates = 0;
        int failures = 0;
        long nanos = 0;
        long[] latencies = new long[rounds.stream().mapToInt(Round::count).sum()];
        for (Round round : rounds) {
            int before = done;
            for (int i = 0; i < round.count; i++) {
                if (round.seen.get(i) == 1) {
                    latencies[done++] = round.doneAt[i] - round.sentAt[i];
                }
            }
            if (done > before) {
                nanos += round.lastDoneNanos() - round.firstSentNanos();
            }
            messages += round.count;
            duplicates += round.duplicates.get();
            failures += round.failures.get();
        }
        latencies = Arrays.copyOf(latencies, done);
        Arrays.sort(latencies);
        return new Measurement(messages, done, duplicates, failures, nanos / 1e9, percentile(latencies, 50),
                percentile(latencies, 99), done == 0 ? 0 : latencies[done - 1]);
    }

    private int indexOf(String key) {
        if (key == null) {
            return -1;
        }
        int dash = key.indexOf('-');
        if (dash <= 0) {
            return -1;
        }
        try {
            if (Integer.parseInt(key, 0, dash, 10) != id) {
                return -1;
            }
            int index = Integer.parseInt(key, dash + 1, key.length(), 10);
            return index >= 0 && index < count ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /**
     * What a round measured.
     *
     * @param messages   messages in the round
     * @param done       distinct messages done
     * @param duplicates deliveries of messages already done
     * @param failures   attempts that did not succeed
     * @param seconds    from the first publish to the last message done, summed over the rounds
     * @param p50Nanos   median publish-to-done latency
     * @param p99Nanos   99th percentile publish-to-done latency
     * @param maxNanos   longest publish-to-done latency
     */
    record Measurement(int messages, int done, int duplicates, int failures, double seconds, long p50Nanos,
                       long p99Nanos, long maxNanos) {

        int lost() {
            return messages - done;
        }

        double throughput() {
            return seconds > 0 ? done / seconds : 0;
        }
    }
}
