package io.ebats.spring;

import io.ebats.Ebats;
import io.ebats.EventManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the application's scheduler, which turns published events into the tasks registered under them. Starts
 * only when the registry has a registration at start.
 *
 * <p>Thread-safe. The scheduler is closed when this stops, and with the {@link Ebats} bean in any case.
 */
final class EbatsSchedulerLifecycle extends EbatsLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EbatsSchedulerLifecycle.class);

    private final Ebats ebats;
    private final EventManager events;

    EbatsSchedulerLifecycle(Ebats ebats, EventManager events) {
        super("scheduler");
        this.ebats = ebats;
        this.events = events;
    }

    @Override
    AutoCloseable open() {
        if (events.registrations().isEmpty()) {
            log.debug("no registration: the ebats scheduler does not start");
            return null;
        }
        return ebats.startScheduler(events);
    }
}
