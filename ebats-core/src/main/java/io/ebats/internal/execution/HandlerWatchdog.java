package io.ebats.internal.execution;

import io.ebats.WorkerPresence;
import io.ebats.internal.message.TaskMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers a worker runs now, and the watchdog that times them out: one thread that checks every
 * {@code tick} for handlers past their deadline, interrupts them and settles their tasks on a virtual thread
 * of their own, so that a handler spinning through its interrupt cannot hold up its task. Thread-safe.
 */
final class HandlerWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HandlerWatchdog.class);

    private final Set<HandlerRun> running = ConcurrentHashMap.newKeySet();
    private final Thread watchdog;
    private final Duration tick;

    /** Starts the watchdog thread, named {@code name}, when {@code tick} is not null (tests check by hand). */
    HandlerWatchdog(String name, Duration tick) {
        this.tick = tick;
        this.watchdog = tick == null ? null : Thread.ofPlatform().daemon().name(name).start(this::watch);
    }

    /** A tick that times out a handler within about 5 % of {@code shortestTimeout} late; between 5 ms and 1 s. */
    static Duration tickFor(Duration shortestTimeout) {
        long millis = shortestTimeout.toMillis() / 20;
        return Duration.ofMillis(Math.max(5, Math.min(1000, millis)));
    }

    /**
     * Registers the handler about to run on the current thread; {@code onEnd} settles its task when the run is timed
     * out or cancelled.
     */
    HandlerRun start(TaskMessage task, Instant startedAt, Duration timeout, Consumer<HandlerRun.Ending> onEnd) {
        HandlerRun run = new HandlerRun(task, startedAt, System.nanoTime() + timeout.toNanos(),
                Thread.currentThread(), onEnd);
        running.add(run);
        return run;
    }

    /** Called by the handler's thread when the handler returned; true when that thread settles the task. */
    boolean finish(HandlerRun run) {
        running.remove(run);
        return run.finish();
    }

    /** Times out every handler past its deadline at {@code now} ({@link System#nanoTime()}). */
    void check(long now) {
        for (HandlerRun run : running) {
            if (run.overran(now)) {
                timeOut(run);
            }
        }
    }

    /** Interrupts the handlers running the task and settles it as cancelled; how many there were. */
    int cancel(String taskId) {
        int cancelled = 0;
        for (HandlerRun run : running) {
            if (run.taskId().equals(taskId) && end(run, HandlerRun.Ending.CANCELLED)) {
                cancelled++;
            }
        }
        return cancelled;
    }

    private void timeOut(HandlerRun run) {
        end(run, HandlerRun.Ending.TIMED_OUT);
    }

    private boolean end(HandlerRun run, HandlerRun.Ending ending) {
        if (!run.end()) {
            return false;
        }
        running.remove(run);
        Thread.ofVirtual().name(ending == HandlerRun.Ending.CANCELLED ? "ebats-cancel" : "ebats-timeout")
                .start(run.onEnd(ending));
        return true;
    }

    /** The tasks whose handlers run now. */
    List<WorkerPresence.RunningTask> describe() {
        List<WorkerPresence.RunningTask> tasks = new ArrayList<>();
        for (HandlerRun run : running) {
            tasks.add(run.describe());
        }
        return tasks;
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(tick);
                check(System.nanoTime());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("handler watchdog failed a check: {}", e.toString(), e);
            }
        }
    }

    /**
     * Stops the watchdog and gives up on the handlers still running, as if they had timed out: the worker is
     * closing, their tasks go back to the queue with the connection and their late outcomes are ignored.
     */
    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.interrupt();
        }
        running.forEach(this::timeOut);
    }
}
