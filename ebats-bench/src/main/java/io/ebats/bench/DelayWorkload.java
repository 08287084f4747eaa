package io.ebats.bench;

import io.ebats.Ebats;
import io.ebats.NewTask;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Tasks created with {@code ebats.tasks().createAsync} (up to a window unconfirmed per thread) with a delay drawn
 * uniformly from {@link #SHORTEST} to {@link #LONGEST} (whole milliseconds, from a fixed seed, so every run of N
 * tasks draws the same delays), published at {@link BenchmarkOptions#delayRate()} tasks a second (as fast as
 * possible when 0), run by an ebats worker. What it measures is lateness: from when a task was due (just before
 * its publish, plus its delay) to when it was done. The warm-up round draws its delays up to
 * {@link #LONGEST_WARM_UP} only.
 */
final class DelayWorkload implements Workload {

    static final String TOPIC = "delay";
    static final Duration SHORTEST = Duration.ofMillis(100);
    static final Duration LONGEST = Duration.ofSeconds(10);
    static final Duration LONGEST_WARM_UP = Duration.ofSeconds(1);
    /** The seed of the delays. */
    static final long SEED = 6;

    private final Ebats ebats;
    private final BenchWorker worker;
    private volatile long[] delays = new long[0];
    private final int window;
    private final Payload payload;
    private final int rate;
    private volatile long roundStart;

    DelayWorkload(Ebats ebats, BenchmarkOptions options) {
        this.ebats = ebats;
        this.rate = options.delayRate();
        this.window = options.confirmWindow();
        this.payload = options.payload();
        this.worker = new BenchWorker(ebats, TOPIC, options.concurrency(), attempt -> attempt.taskId());
    }

    /** The delays of a round of {@code count} tasks, in milliseconds: the same for the same count. */
    static long[] delays(int count, Duration longest) {
        SplittableRandom random = new SplittableRandom(SEED);
        long[] millis = new long[count];
        for (int i = 0; i < count; i++) {
            millis[i] = random.nextLong(SHORTEST.toMillis(), longest.toMillis() + 1);
        }
        return millis;
    }

    @Override
    public Publisher publisher(int thread) {
        return ConfirmWindow.publisher(window, (round, index) -> {
            if (rate > 0) {
                // task i leaves at i / rate seconds into the round, whichever thread sends it
                long wait;
                while ((wait = roundStart + index * 1_000_000_000L / rate - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            long millis = delays[index];
            NewTask task = new NewTask(TOPIC, BenchWorker.TASK, payload.params(index), Duration.ofMillis(millis),
                    round.key(index), null);
            round.sent(index, millis * 1_000_000);
            return ebats.tasks().createAsync(task);
        });
    }

    /** Draws the round's delays, before its publishers start. */
    @Override
    public void route(Round round) {
        delays = delays(round.count(), round.warmUp() ? LONGEST_WARM_UP : LONGEST);
        roundStart = System.nanoTime();
        worker.route(round);
    }

    @Override
    public Duration extraTime(int count) {
        return rate > 0 ? LONGEST.plusNanos(count * 1_000_000_000L / rate) : LONGEST;
    }

    @Override
    public void close() {
        worker.close();
    }
}
