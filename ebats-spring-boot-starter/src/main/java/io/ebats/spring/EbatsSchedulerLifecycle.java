package io.ebats.spring;

import io.ebats.Ebats;
import io.ebats.EventManager;
import io.ebats.Scheduler;
import io.ebats.UniqueKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the application's scheduler, which turns published events into the tasks registered under them. Starts
 * only when the registry has a registration at start. The unique keys of registrations are held in {@code keys}
 * (the history store); a registration with a unique key and no store fails the start.
 *
 * <p>Thread-safe. The scheduler is closed when this stops, and with the {@link Ebats} bean in any case.
 */
final class EbatsSchedulerLifecycle extends EbatsLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EbatsSchedulerLifecycle.class);

    private final Ebats ebats;
    private final EventManager events;
    private final UniqueKeys keys;

    /** {@code keys} may be null: then a registration with a unique key is refused at start. */
    EbatsSchedulerLifecycle(Ebats ebats, EventManager events, UniqueKeys keys) {
        super("scheduler");
        this.ebats = ebats;
        this.events = events;
        this.keys = keys;
    }

    @Override
    AutoCloseable open() {
        if (events.registrations().isEmpty()) {
            log.debug("no registration: the ebats scheduler does not start");
            return null;
        }
        Scheduler.Builder scheduler = ebats.scheduler(events);
        if (keys != null) {
            scheduler.uniqueKeys(keys);
        } else {
            events.registrations().stream().filter(r -> r.unique() != null).findFirst().ifPresent(r -> {
                throw new IllegalStateException("registration " + r.event() + " -> " + r.task() + " on "
                        + r.topic() + " has unique key " + r.unique().text() + ", which needs the history store to "
                        + "hold the keys: set ebats.history.url (with ebats-store on the class path) or define a "
                        + "UniqueKeys bean");
            });
        }
        return scheduler.start();
    }
}
