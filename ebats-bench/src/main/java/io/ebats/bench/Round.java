package io.ebats.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One round of a scenario: {@code count} messages keyed {@code <round>-<index>}, the time each was published,
 * when it was due (published, or later for a delayed task) and the time it was done (acknowledged after its
 * handler ran). A message that fans out into {@code parts} tasks (an event registered to several tasks) is done
 * when its last task is done; each task counts once. A task done twice counts once, plus one duplicate; a key of
 * another round is ignored.
 *
 * <p>Thread-safe: publishers call {@link #sent}, consumers {@link #done} and {@link #failed}.
 */
final class Round {

    /** The id of a scenario's warm-up round; its timed rounds are numbered from 2. */
    static final int WARM_UP = 1;
    /** Most tasks one message can fan out into (the bits of an int). */
    static final int MAX_PARTS = 30;

    private static final int INDEX_DIGITS = 9;

    private final int id;
    private final int count;
    private final int parts;
    private final int all;
    private final long[] sentAt;
    private final long[] dueAt;
    private final long[] doneAt;
    private final AtomicIntegerArray seen;
    private final CountDownLatch remaining;
    private final AtomicInteger tasksDone = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();

    Round(int id, int count) {
        this(id, count, 1);
    }

    /** A round of {@code count} messages, each done once its {@code parts} tasks are done. */
    Round(int id, int count, int parts) {
        if (parts < 1 || parts > MAX_PARTS) {
            throw new IllegalArgumentException("parts must be between 1 and " + MAX_PARTS + ", was " + parts);
        }
        this.id = id;
        this.count = count;
        this.parts = parts;
        this.all = (1 << parts) - 1;
        this.sentAt = new long[count];
        this.dueAt = new long[count];
        this.doneAt = new long[count];
        this.seen = new AtomicIntegerArray(count);
        this.remaining = new CountDownLatch(count);
    }

    /** Messages published in the round. */
    int count() {
        return count;
    }

    /** Whether this is a scenario's warm-up round. */
    boolean warmUp() {
        return id == WARM_UP;
    }

    /**
     * The message id of message {@code index}: the round's id and the index, padded to {@value #INDEX_DIGITS} digits
     * so that the ids of a round sort in publishing order, as ebats's default ids (UUIDv7) do.
     */
    String key(int index) {
        String digits = Integer.toString(index);
        return id + "-" + "0".repeat(Math.max(0, INDEX_DIGITS - digits.length())) + digits;
    }

    /** Called just before message {@code index} is published, due at once. */
    void sent(int index) {
        sent(index, 0);
    }

    /** Called just before message {@code index} is published, due {@code delayNanos} later. */
    void sent(int index, long delayNanos) {
        long now = System.nanoTime();
        sentAt[index] = now;
        dueAt[index] = now + delayNanos;
    }

    /** Called once the message with this key is done (its only task). */
    void done(String key) {
        done(key, 0);
    }

    /** Called once task {@code part} (0 to parts - 1) of the message with this key is done. */
    void done(String key, int part) {
        int index = indexOf(key);
        if (index < 0 || part < 0 || part >= parts) {
            return;
        }
        long now = System.nanoTime();
        int bit = 1 << part;
        while (true) {
            int before = seen.get(index);
            if ((before & bit) != 0) {
                duplicates.incrementAndGet();
                return;
            }
            int after = before | bit;
            if (after == all) {
                doneAt[index] = now; // published by the compare-and-set below
            }
            if (seen.compareAndSet(index, before, after)) {
                tasksDone.incrementAndGet();
                if (after == all) {
                    remaining.countDown();
                }
                return;
            }
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
            if (seen.get(i) == all) {
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
     * Throughput and latencies of rounds run one after the other, as if they were one: tasks, times and
     * latencies add up; call after each round's {@link #await}. A message's latency runs from when it was due to
     * when its last task was done.
     */
    static Measurement measure(List<Round> rounds) {
        int tasks = 0;
        int done = 0;
        int complete = 0;
        int duplicates = 0;
        int failures = 0;
        long nanos = 0;
        long[] latencies = new long[rounds.stream().mapToInt(Round::count).sum()];
        for (Round round : rounds) {
            int before = complete;
            for (int i = 0; i < round.count; i++) {
                if (round.seen.get(i) == round.all) {
                    latencies[complete++] = round.doneAt[i] - round.dueAt[i];
                }
            }
            if (complete > before) {
                nanos += round.lastDoneNanos() - round.firstSentNanos();
            }
            tasks += round.count * round.parts;
            done += round.tasksDone.get();
            duplicates += round.duplicates.get();
            failures += round.failures.get();
        }
        latencies = Arrays.copyOf(latencies, complete);
        Arrays.sort(latencies);
        return new Measurement(tasks, done, duplicates, failures, nanos / 1e9, percentile(latencies, 50),
                percentile(latencies, 99), complete == 0 ? 0 : latencies[complete - 1]);
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
     * @param messages   tasks in the round: its messages times the tasks each turns into
     * @param done       distinct tasks done
     * @param duplicates deliveries of tasks already done
     * @param failures   attempts that did not succeed
     * @param seconds    from the first publish to the last message done, summed over the rounds
     * @param p50Nanos   median latency, from when a message was due (published, or later when delayed) to when
     *                   its last task was done
     * @param p99Nanos   99th percentile latency
     * @param maxNanos   longest latency
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
