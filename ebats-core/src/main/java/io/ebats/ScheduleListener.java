package io.ebats;

import java.time.Duration;
import java.time.Instant;

/**
 * Told of every fire of the process that fires the schedules, for metrics and logs. Called on the firing thread:
 * keep it short and non-blocking; an exception it throws is logged and ignored.
 */
public interface ScheduleListener {

    /**
     * A fire the broker confirmed.
     *
     * @param nominal  its nominal time (the trigger time for a trigger)
     * @param id       its event's or task's id
     * @param lateness from the nominal time to the broker's confirm
     */
    void fired(Schedule schedule, Instant nominal, String id, Duration lateness);

    /** Nominal times that passed while no process could fire and that the misfire policy does not fire. */
    default void misfired(Schedule schedule, long skipped) {
    }

    /**
     * A nominal time of a schedule with {@link Schedule.Overlap#SKIP} that passed unfired, because the task of its
     * previous fire had not settled.
     *
     * @param waitingFor the id of that task
     */
    default void overlapped(Schedule schedule, Instant nominal, String waitingFor) {
    }

    /** Listens to nothing. */
    ScheduleListener NONE = (schedule, nominal, id, lateness) -> { };
}
