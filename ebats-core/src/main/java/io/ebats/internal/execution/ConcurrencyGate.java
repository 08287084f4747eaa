package io.ebats.internal.execution;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Runs at most {@code limit} deliveries of one topic at once on {@code executor}; the others wait here in
 * delivery order (the prefetch above the concurrency). Thread-safe.
 *
 * @param <T> a delivery
 */
final class ConcurrencyGate<T> {

    private final int limit;
    private final Executor executor;
    private final BiConsumer<T, Runnable> run;
    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    private int active;
    private boolean closed;
    private boolean paused;

    /**
     * {@code run} gets each delivery with the {@link #release()} it must call exactly once, when the delivery is
     * settled.
     */
    ConcurrencyGate(int limit, Executor executor, BiConsumer<T, Runnable> run) {
        this.limit = limit;
        this.executor = executor;
        this.run = run;
    }

    /** Runs {@code delivery} now or once a slot frees; false when the gate is closed or paused. */
    boolean submit(T delivery) {
        synchronized (this) {
            if (closed || paused) {
                return false;
            }
            if (active >= limit) {
                waiting.add(delivery);
                return true;
            }
            active++;
        }
        executor.execute(() -> run.accept(delivery, this::release));
        return true;
    }

    /** Frees the slot of a settled delivery for the next waiting one. */
    void release() {
        T next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                active--;
                return;
            }
        }
        executor.execute(() -> run.accept(next, this::release));
    }

    /**
     * Takes no deliveries until {@link #resume()}; returns those waiting, which will not run. Running ones go on.
     */
    synchronized List<T> pause() {
        paused = true;
        List<T> left = new ArrayList<>(waiting);
        waiting.clear();
        return left;
    }

    /** Takes deliveries again after {@link #pause()}. */
    synchronized void resume() {
        paused = false;
    }

    /** True once {@link #close()} was called. */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Takes no more deliveries; returns those still waiting, which will not run. */
    synchronized List<T> close() {
        closed = true;
        List<T> left = new ArrayList<>(waiting);
        waiting.clear();
        return left;
    }

    /** Deliveries started and not yet released. */
    synchronized int activeCount() {
        return active;
    }

    synchronized int waitingCount() {
        return waiting.size();
    }
}
