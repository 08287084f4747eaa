package io.ebats.internal.execution;

import io.ebats.WorkerPresence;
import io.ebats.internal.message.TaskMessage;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A handler running on its thread, ended exactly once: by that thread when the handler returns
 * ({@link #finish()}), or elsewhere ({@link #end()}): by the watchdog when the handler overran its deadline, or by a
 * cancel of its task; that interrupts the thread and takes over the settlement of the task. Thread-safe.
 */
final class HandlerRun {

    private final TaskMessage task;
    private final Instant startedAt;
    private final long deadline;
    private final Thread thread;
    private final Consumer<Ending> onEnd;
    private boolean ended; // guarded by this

    /** Why a run was ended elsewhere than on its thread. */
    enum Ending {
        TIMED_OUT,
        CANCELLED
    }

    /** {@code deadline} in {@link System#nanoTime()}; {@code onEnd} settles the task after an {@link #end()}. */
    HandlerRun(TaskMessage task, Instant startedAt, long deadline, Thread thread, Consumer<Ending> onEnd) {
        this.task = task;
        this.startedAt = startedAt;
        this.deadline = deadline;
        this.thread = thread;
        this.onEnd = onEnd;
    }

    boolean overran(long now) {
        return now - deadline >= 0;
    }

    /**
     * Called by the handler's thread once the handler returned: true when that thread settles the task, false
     * when the run had been ended elsewhere (timed out, cancelled) and its outcome is to be ignored. Either way it clears the thread's
     * interrupt status: an interrupt was meant for the handler, not for the settlement or the next task.
     */
    boolean finish() {
        boolean timedOut;
        synchronized (this) { // an end() interrupts while holding the lock, so its interrupt is cleared below
            timedOut = ended;
            ended = true;
        }
        Thread.interrupted();
        return !timedOut;
    }

    /** Ends the run unless it already ended, interrupting the handler; true when the caller settles it. */
    boolean end() {
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            thread.interrupt();
        }
        return true;
    }

    /** Settles the task after a successful {@link #end()}, for the reason given. */
    Runnable onEnd(Ending ending) {
        return () -> onEnd.accept(ending);
    }

    String taskId() {
        return task.id();
    }

    WorkerPresence.RunningTask describe() {
        return new WorkerPresence.RunningTask(task.topic(), task.id(), task.name(), task.attempt(), startedAt);
    }
}
