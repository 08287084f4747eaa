package io.ebats.spring;

import io.ebats.Ebats;
import io.ebats.Schedule;
import io.ebats.ScheduleListener;
import io.ebats.SettledTasks;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the recurring schedules of {@code ebats.schedules} (and of the imported config file) in this process, which
 * fires them whenever it holds the namespace's schedules lock. Starts only when there is a schedule. The listener
 * (metrics) hears of each fire; {@code settled} (the history store) serves schedules with {@code overlap: skip}.
 *
 * <p>Thread-safe. The runner is closed when this stops, and with the {@link Ebats} bean in any case.
 */
final class EbatsSchedulesLifecycle extends EbatsLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EbatsSchedulesLifecycle.class);

    private final Ebats ebats;
    private final List<Schedule> schedules;
    private final ScheduleListener listener;
    private final SettledTasks settled;

    /** {@code settled} may be null: then a schedule with {@code overlap: skip} is refused at start. */
    EbatsSchedulesLifecycle(Ebats ebats, List<Schedule> schedules, ScheduleListener listener, SettledTasks settled) {
        super("schedules");
        this.ebats = ebats;
        this.schedules = List.copyOf(schedules);
        this.listener = listener;
        this.settled = settled;
    }

    @Override
    AutoCloseable open() {
        if (schedules.isEmpty()) {
            log.debug("no schedule: the ebats schedules do not run");
            return null;
        }
        return ebats.startSchedules(schedules, listener, settled);
    }
}
