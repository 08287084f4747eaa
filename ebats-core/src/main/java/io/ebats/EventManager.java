package io.ebats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registry of which tasks run for which event, on which topic and after which delay.
 *
 * <pre>{@code
 * EventManager events = new EventManager()
 *     .register("order_create", "closeOrder", "demo", Duration.ofSeconds(10))
 *     .register("order_paied", "virtualShipping", "demo")
 *     .register(new Registration("order_paied", "ship", "demo")
 *             .withUnique(UniqueKey.template("order:{order_id}", Duration.ofMinutes(10))));
 * }</pre>
 *
 * <p>A registration with a {@linkplain Registration#unique() unique key} needs a scheduler started with the
 * {@link UniqueKeys} that hold the keys ({@link Scheduler.Builder#uniqueKeys}).
 *
 * <p>Thread-safe. A scheduler reads it for every event, so registrations added later apply to later events.
 * Registering the same task and topic twice under one event is refused.
 */
public final class EventManager {

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();

    public EventManager register(String event, String task, String topic) {
        return register(new Registration(event, task, topic));
    }

    public EventManager register(String event, String task, String topic, Duration delay) {
        return register(new Registration(event, task, topic, delay, null));
    }

    public EventManager register(String event, String task, String topic, Duration delay, RetryPolicy retry) {
        return register(new Registration(event, task, topic, delay, retry));
    }

    public synchronized EventManager register(Registration registration) {
        for (Registration existing : registrations) {
            if (existing.event().equals(registration.event()) && existing.key().equals(registration.key())) {
                throw new IllegalArgumentException("task " + registration.task() + " on topic "
                        + registration.topic() + " is already registered under event " + registration.event());
            }
        }
        registrations.add(registration);
        return this;
    }

    public EventManager registerAll(Iterable<Registration> all) {
        all.forEach(this::register);
        return this;
    }

    /** The tasks registered under an event, in registration order; empty when none. */
    public List<Registration> tasksFor(String event) {
        List<Registration> found = new ArrayList<>(2);
        for (Registration registration : registrations) {
            if (registration.event().equals(event)) {
                found.add(registration);
            }
        }
        return found;
    }

    /** Every registration, in registration order. */
    public List<Registration> registrations() {
        return Collections.unmodifiableList(new ArrayList<>(registrations));
    }

    /** Registrations grouped by event name. */
    public Map<String, List<Registration>> byEvent() {
        Map<String, List<Registration>> grouped = new LinkedHashMap<>();
        registrations.forEach(r -> grouped.computeIfAbsent(r.event(), e -> new ArrayList<>()).add(r));
        return grouped;
    }

    /** The topics of all registrations, sorted. */
    public Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        registrations.forEach(r -> topics.add(r.topic()));
        return topics;
    }
}
