package io.ebats.internal.execution;

import io.ebats.SucceededTasks;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets one copy of a task id run at a time in this worker and tells the copies that come later whether the task
 * already succeeded: the worker side of {@link io.ebats.Worker.Builder#skipSucceeded}.
 */
final class DuplicateGuard {

    private static final Logger log = LoggerFactory.getLogger(DuplicateGuard.class);

    private final SucceededTasks succeeded;
    private final ConcurrentHashMap<String, CountDownLatch> running = new ConcurrentHashMap<>();

    DuplicateGuard(SucceededTasks succeeded) {
        this.succeeded = succeeded;
    }

    /**
     * Claims the task id, waiting up to {@code wait} for a copy that runs now to end. Release the claim with
     * {@link Claim#close()} once the attempt is settled and reported.
     */
    Claim claim(String taskId, Duration wait) throws InterruptedException {
        CountDownLatch mine = new CountDownLatch(1);
        long deadline = System.nanoTime() + wait.toNanos();
        CountDownLatch other;
        while ((other = running.putIfAbsent(taskId, mine)) != null) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !other.await(left, TimeUnit.NANOSECONDS)) {
                return new Claim(taskId, null, succeeded(taskId)); // gave up waiting: run unguarded
            }
        }
        return new Claim(taskId, mine, succeeded(taskId));
    }

    /** Asks the record; when it cannot answer, the task runs: a possible duplicate beats a lost task. */
    private boolean succeeded(String taskId) {
        try {
            return succeeded.succeeded(taskId);
        } catch (RuntimeException e) {
            log.warn("cannot tell whether task {} already succeeded, running it: {}", taskId, e.toString());
            return false;
        }
    }

    /** A claim on a task id; {@link #alreadySucceeded()} says to skip the task. */
    final class Claim implements AutoCloseable {
        private final String taskId;
        private final CountDownLatch latch;
        private final boolean alreadySucceeded;

        private Claim(String taskId, CountDownLatch latch, boolean alreadySucceeded) {
            this.taskId = taskId;
            this.latch = latch;
            this.alreadySucceeded = alreadySucceeded;
        }

        boolean alreadySucceeded() {
            return alreadySucceeded;
        }

        @Override
        public void close() {
            if (latch != null) {
                running.remove(taskId, latch);
                latch.countDown();
            }
        }
    }
}
