package io.ebats.internal.execution;

import io.ebats.WorkerPresence;
import io.ebats.internal.message.TaskMessage;
import java.time.Instant;

/**
 * A handler running on its thread, ended exactly once: by that thread when the handler returns
 * ({@link #finish()}), or by the watchdog when the handler overran its deadline ({@link #timeOut()}), which
 * interrupts the thread and takes over the settlement of the task. Thread-safe.
 */
final class HandlerRun {

    private final TaskMessage task;
    private final Instant startedAt;
    private final long deadline;
    private final Thread thread;
    private final Runnable onTimeout;
    private boolean ended; // guarded by this

    /** {@code deadline} in {@link System#nanoTime()}; {@code onTimeout} settles the task after a timeout. */
    HandlerRun(TaskMessage task, Instant startedAt, long deadline, Thread thread, Runnable onTimeout) {
        this.task = task;
        this.startedAt = startedAt;
        this.deadline = deadline;
        this.thread = thread;
        this.onTimeout = onTimeout;
    }

    boolean overran(long now) {
        return now - deadline >= 0;
    }

    /**
     * Called by the handler's thread once the handler returned: true when that thread settles the task, false
     * when the handler had timed out and its outcome is to be ignored. Either way it clears the thread's
     * interrupt status: an interrupt was meant for the handler, not for the settlement or the next task.
     */
    boolean finish() {
        boolean timedOut;
        synchronized (this) { // a timeOut() interrupts while holding the lock, so its interrupt is cleared below
            timedOut = ended;
            ended = true;
        }
        Thread.interrupted();
        return !timedOut;
    }

    /** Ends the run unless it already finished, interrupting the handler; true when the caller settles it. */
    boolean timeOut() {
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            thread.interrupt();
        }
        return true;
    }

    /** Settles the task after a successful {@link #timeOut()}. */
    Runnable onTimeout() {
        return onTimeout;
    }

    WorkerPresence.RunningTask describe() {
        return new WorkerPresence.RunningTask(task.topic(), task.id(), task.name(), task.attempt(), startedAt);
    }
}
