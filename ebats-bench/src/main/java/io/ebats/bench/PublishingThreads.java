package io.ebats.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a round's publishes on P platform threads: thread k sends the messages whose index is k modulo P, then
 * waits for its confirms. The first failure stops every thread and is reported.
 */
final class PublishingThreads {

    private PublishingThreads() {
    }

    /** Publishes every message of the round; returns the first error, or null. Bounded by {@code timeout}. */
    static String run(Workload.Publisher[] publishers, Round round, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String limit = BenchmarkOptions.seconds(timeout);
        AtomicReference<String> error = new AtomicReference<>();
        Thread[] threads = new Thread[publishers.length];
        for (int k = 0; k < publishers.length; k++) {
            int thread = k;
            threads[k] = Thread.ofPlatform().name("bench-publisher-" + k).start(() -> {
                try {
                    for (int i = thread; i < round.count() && error.get() == null; i += publishers.length) {
                        if (System.nanoTime() > deadline) {
                            error.compareAndSet(null, "publishing did not finish within " + limit);
                            return;
                        }
                        publishers[thread].publish(round, i);
                    }
                    long left = Math.max(0, deadline - System.nanoTime());
                    if (!publishers[thread].drain(Duration.ofNanos(left))) {
                        error.compareAndSet(null, "publisher " + thread + " still had unconfirmed messages after "
                                + limit);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error.compareAndSet(null, "publisher " + thread + " interrupted");
                } catch (Exception e) {
                    error.compareAndSet(null, "publisher " + thread + " failed: " + e);
                }
            });
        }
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + 1_000));
            if (t.isAlive()) {
                error.compareAndSet(null, t.getName() + " did not stop within the round's " + limit);
                t.interrupt();
            }
        }
        return error.get();
    }
}
