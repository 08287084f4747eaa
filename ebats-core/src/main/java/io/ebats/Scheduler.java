package io.ebats;

/**
 * Consumes events and dispatches the tasks registered under each one: for every
 * event it publishes one task per registration, delayed ones through the delay ladder, and acknowledges the
 * event only after the broker confirmed all of them. Task ids are derived from the event id and the
 * registration, so a redelivered event yields the same task ids.
 *
 * <p>A registration with a {@linkplain Registration#unique() unique key} is claimed in the scheduler's
 * {@link UniqueKeys} before its task is published, with the task's id, and marked queued once the broker confirmed
 * it; when another task holds the key, that registration's task is not created (and counted,
 * {@link #skippedUniqueTasks()}). A redelivered event claims with the same task ids, which already hold their
 * keys. The event is acknowledged after its keys were claimed, its tasks confirmed and their keys marked queued;
 * when the key store cannot be asked, nothing of the event is published and the event is returned to the queue.
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

    /** Tasks not created since start because another task held their registration's unique key. */
    long skippedUniqueTasks();

    /** Stops consuming events; events being dispatched finish first (bounded wait). */
    @Override
    void close();

    /** Configures and starts a scheduler. */
    interface Builder {

        int DEFAULT_PREFETCH = 64;

        /** Events dispatched at once; default {@value #DEFAULT_PREFETCH}. */
        Builder prefetch(int prefetch);

        /**
         * Where the unique keys of the registrations are held: the history store, which the workers of their
         * topics record to (it releases a key when its task ends). Needed when a registration has a unique key.
         */
        Builder uniqueKeys(UniqueKeys keys);

        /**
         * Starts consuming events.
         *
         * @throws IllegalStateException    when a registration has a unique key and no {@link #uniqueKeys} were
         *                                  given; it names the registration
         * @throws IllegalArgumentException when a registration's delay is longer than the broker can hold
         */
        Scheduler start();
    }
}
