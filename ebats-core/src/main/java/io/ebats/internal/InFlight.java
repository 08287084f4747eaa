package io.ebats.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the units of work a component has started and not finished, so that its shutdown can wait for them on a
 * latch instead of polling. Entering and leaving cost one atomic update each. Thread-safe.
 */
public final class InFlight {

    private final AtomicInteger count = new AtomicInteger();
    private volatile CountDownLatch drained;

    /** One more unit started. */
    public void enter() {
        count.incrementAndGet();
    }

    /** One unit finished; wakes a waiting shutdown when it was the last. */
    public void leave() {
        if (count.decrementAndGet() == 0) {
            CountDownLatch latch = drained;
            if (latch != null) {
                latch.countDown();
            }
        }
    }

    /** The units started and not finished. */
    public int count() {
        return count.get();
    }

    /**
     * Waits until no unit is in flight, at most {@code timeout}; true when none is. Meant for a shutdown that has
     * stopped new work from starting; may be called more than once. An interrupt ends the wait early, keeping the
     * interrupt status.
     */
    public boolean awaitNone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CountDownLatch latch = openLatch();
            if (count.get() == 0) { // read after the latch is published: a last leave() sees it or is seen here
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                latch.await(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return count.get() == 0;
            }
        }
    }

    /** A latch no leave() has counted down yet. */
    private synchronized CountDownLatch openLatch() {
        if (drained == null || drained.getCount() == 0) {
            drained = new CountDownLatch(1);
        }
        return drained;
    }
}
