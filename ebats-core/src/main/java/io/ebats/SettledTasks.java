package io.ebats;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Knows whether a task has settled: its last attempt succeeded, failed or died, so no attempt of it is queued,
 * delayed, running or retrying. A task it has no record of has not settled (it may still be queued). Schedules
 * with {@link Schedule.Overlap#SKIP} ask it about the previous fire's task; the history store is one.
 *
 * <p>Implementations must be thread-safe; they are asked once per due fire of such a schedule.
 */
@FunctionalInterface
public interface SettledTasks {

    /**
     * Whether the task with this id has settled.
     *
     * @throws IllegalStateException when it cannot tell (its database is down); the fire is then skipped
     */
    boolean settled(String taskId);

    /**
     * How long it keeps what it knows of a task; an overlap waits for a previous fire no older than this, since the
     * records of an older one may be gone. Unbounded unless said otherwise.
     */
    default Duration remembers() {
        return ChronoUnit.FOREVER.getDuration();
    }
}
