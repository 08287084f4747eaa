package io.ebats.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * At most {@code size} unconfirmed publishes of one publishing thread: a publish takes a place, its confirm
 * gives it back. The first refused publish is kept and makes the next {@link #acquire} or {@link #drain}
 * throw, so a round never counts a message the broker did not take.
 *
 * <p>Thread-safe: the publishing thread acquires, the connection's thread releases.
 */
final class ConfirmWindow {

    private static final Duration CONFIRM_WAIT = Duration.ofSeconds(30);

    private final int size;
    private final Semaphore places;
    private final AtomicReference<String> failure = new AtomicReference<>();

    ConfirmWindow(int size) {
        this.size = size;
        this.places = new Semaphore(size);
    }

    /** Takes a place for the next publish, waiting for a confirm when the window is full. */
    void acquire() throws InterruptedException {
        if (!places.tryAcquire(CONFIRM_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("no confirm within " + CONFIRM_WAIT.toSeconds() + " s with " + size
                    + " messages unconfirmed");
        }
        throwIfFailed();
    }

    /** Gives back the places of {@code confirmed} publishes. */
    void release(int confirmed) {
        places.release(confirmed);
    }

    /** Gives back the places of {@code refused} publishes and remembers the refusal. */
    void refused(int refused, String why) {
        failure.compareAndSet(null, why);
        places.release(refused);
    }

    /** Gives the place back when {@code confirm} completes, remembering a failure. */
    void track(CompletableFuture<?> confirm) {
        confirm.whenComplete((ok, error) -> {
            if (error == null) {
                release(1);
            } else {
                refused(1, error.toString());
            }
        });
    }

    /** Waits until every publish is confirmed; false when the time ran out first. */
    boolean drain(Duration timeout) throws InterruptedException {
        if (!places.tryAcquire(size, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        places.release(size);
        throwIfFailed();
        return true;
    }

    /**
     * A publisher that sends with {@code send} (which calls {@link Round#sent} and returns the confirm) and keeps at
     * most {@code size} of its publishes unconfirmed.
     */
    static Workload.Publisher publisher(int size, Send send) {
        ConfirmWindow window = new ConfirmWindow(size);
        return new Workload.Publisher() {
            @Override
            public void publish(Round round, int index) throws InterruptedException {
                window.acquire();
                window.track(send.send(round, index));
            }

            @Override
            public boolean drain(Duration timeout) throws InterruptedException {
                return window.drain(timeout);
            }
        };
    }

    /** Sends message {@code index} of a round without waiting for its confirm. */
    interface Send {
        CompletableFuture<?> send(Round round, int index);
    }

    private void throwIfFailed() {
        String why = failure.get();
        if (why != null) {
            throw new IllegalStateException("the broker refused a publish: " + why);
        }
    }
}
