package io.ebats;

/**
 * Consumes events and dispatches the tasks registered under each one: for every
 * event it publishes one task per registration, delayed ones through the delay ladder, and acknowledges the
 * event only after the broker confirmed all of them. Task ids are derived from the event id and the
 * registration, so a redelivered event yields the same task ids.
 *
 * <p>An event with no registration is moved to the events' dead-letter queue with the reason, counted and
 * logged. Several schedulers may run side by side on the same registry; they share the work.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public interface Scheduler extends AutoCloseable {

    /** Events dispatched to at least one task since start. */
    long dispatchedEvents();

    /** Events that had no registration since start. */
    long unregisteredEvents();

    /** Stops consuming events; events being dispatched finish first (bounded wait). */
    @Override
    void close();

    /** Configures and starts a scheduler. */
    interface Builder {

        int DEFAULT_PREFETCH = 64;

        /** Events dispatched at once; default {@value #DEFAULT_PREFETCH}. */
        Builder prefetch(int prefetch);

        Scheduler start();
    }
}
