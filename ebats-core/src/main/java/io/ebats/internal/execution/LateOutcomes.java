package io.ebats.internal.execution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How tasks ended whose handler finished after the broker had already taken the delivery back (its channel
 * closed: RabbitMQ's {@code consumer_timeout}, a lost connection). The copy the broker redelivers is then
 * settled with that outcome instead of being run again. Bounded; thread-safe.
 */
final class LateOutcomes {

    /** How a late attempt ended: {@code error} is null for a success. */
    record Late(Throwable error) {
    }

    private static final int CAPACITY = 10_000;

    private final Map<String, Late> outcomes = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Late> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void remember(String taskId, Throwable error) {
        outcomes.put(taskId, new Late(error));
    }

    /**
     * The late outcome of the task. It stays: while the handler ran, the broker may have handed out more than one
     * copy (each held copy times out in turn), and every one of them must be settled without running.
     */
    synchronized Optional<Late> get(String taskId) {
        return Optional.ofNullable(outcomes.get(taskId));
    }
}
