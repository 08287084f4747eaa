package io.ebats;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Operates a namespace's schedules from any process: the commands are kept in the broker until the process that
 * fires the schedules applies them (at once when one runs), and what they change is kept with the schedules' state,
 * so it holds across processes, machines and restarts. Thread-safe.
 */
public interface ScheduleControl {

    /** Pauses {@code schedule}: it fires nothing until resumed. Returns once the broker confirmed the command. */
    void pause(String schedule);

    /**
     * Resumes {@code schedule} from its next nominal time: the times that passed while it was paused are not
     * fired. Returns once the broker confirmed the command.
     */
    void resume(String schedule);

    /**
     * Fires {@code schedule} once, now, besides its nominal times, also when paused; returns the fire's id, of its
     * own ({@code schedule:NAME:manual:ID}), once the broker confirmed the command.
     */
    String trigger(String schedule);

    /**
     * The schedules as the process that fires them has them; empty when no process answered within
     * {@code timeout} (none runs them now).
     */
    Optional<List<ScheduleStatus>> list(Duration timeout);
}
