package io.ebats.spring;

import io.ebats.Schedule;
import io.ebats.ScheduleListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every {@link ScheduleListener} bean as one, told in order. Thread-safe when each is: the schedules call it on
 * their firing thread.
 */
final class ScheduleListeners implements ScheduleListener {

    private final List<ScheduleListener> listeners;

    private ScheduleListeners(List<ScheduleListener> listeners) {
        this.listeners = listeners;
    }

    /** {@link ScheduleListener#NONE} for none, the listener itself for one. */
    static ScheduleListener of(List<ScheduleListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> ScheduleListener.NONE;
            case 1 -> listeners.getFirst();
            default -> new ScheduleListeners(List.copyOf(listeners));
        };
    }

    @Override
    public void fired(Schedule schedule, Instant nominal, String id, Duration lateness) {
        listeners.forEach(l -> l.fired(schedule, nominal, id, lateness));
    }

    @Override
    public void misfired(Schedule schedule, long skipped) {
        listeners.forEach(l -> l.misfired(schedule, skipped));
    }

    @Override
    public void overlapped(Schedule schedule, Instant nominal, String waitingFor) {
        listeners.forEach(l -> l.overlapped(schedule, nominal, waitingFor));
    }
}
