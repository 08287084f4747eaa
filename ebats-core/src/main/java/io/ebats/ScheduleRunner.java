package io.ebats;

import java.util.List;

/**
 * Runs a namespace's recurring {@link Schedule schedules} in this process. Any number of processes may run the same
 * schedules: the broker lets one of them fire (the holder of the namespace's schedules lock, docs/protocol.md
 * section 9), and another takes over within seconds when it dies. What was fired last is kept in the broker, so a
 * restart of every process, or of the broker, loses nothing; a start after downtime applies each schedule's
 * {@link Schedule.Misfire misfire policy}.
 *
 * <p>Thread-safe. Closed by {@link #close()} or with the {@link Ebats} instance that started it.
 */
public interface ScheduleRunner extends AutoCloseable {

    /** The schedules this process would fire. */
    List<Schedule> schedules();

    /** Whether this process is the one that fires them now. */
    boolean firing();

    /** Stops firing and gives the lock up, so that another process fires from its next due time. Idempotent. */
    @Override
    void close();
}
