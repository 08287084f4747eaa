package io.ebats;

import io.ebats.internal.TimeOrderedIds;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened in the business, published so that the tasks registered under its name run.
 *
 * <pre>{@code
 * String eventId = ebats.publish(Event.named("order_paied").param("order_id", "FB138020392193312"));
 * }</pre>
 *
 * <p>Not thread-safe while being built; publish it once built.
 */
public final class Event {

    private final String name;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String id;

    private Event(String name) {
        this.name = Names.require("event", name);
    }

    /** A new event with a random id and no parameters. */
    public static Event named(String name) {
        return new Event(name);
    }

    /** A new event with the given parameters. */
    public static Event of(String name, Map<String, ?> params) {
        return new Event(name).params(params);
    }

    /** Adds one parameter; the value must be serialisable to JSON. */
    public Event param(String key, Object value) {
        params.put(Objects.requireNonNull(key, "param key"), value);
        return this;
    }

    /** Adds all the given parameters. */
    public Event params(Map<String, ?> values) {
        values.forEach(this::param);
        return this;
    }

    /**
     * Sets the event id. Task ids are derived from it, so publishing the same event id twice yields the same
     * task ids and lets consumers deduplicate. Default: a new UUIDv7, which sorts by creation time.
     */
    public Event id(String eventId) {
        if (eventId == null || eventId.isBlank()) {
            throw new IllegalArgumentException("event id must not be blank");
        }
        this.id = eventId;
        return this;
    }

    /**
     * Adds a header that travels with the event and with every task the scheduler makes from it, across retries,
     * into dead letters and back through replays: a W3C {@code traceparent}, say. Set again, a header is replaced.
     *
     * @throws IllegalArgumentException when the name is blank or reserved ({@code x-ebats-*}, the broker's
     *                                  {@code x-death*}, {@code x-delivery-count}, {@code x-qpid-*})
     */
    public Event header(String name, String value) {
        headers.put(MessageHeaders.require(name, value), value);
        return this;
    }

    /** Adds all the given headers, as {@link #header} does each. */
    public Event headers(Map<String, String> values) {
        values.forEach(this::header);
        return this;
    }

    /** The headers of other parties, in insertion order; read-only. */
    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    public String name() {
        return name;
    }

    /** The parameters, in insertion order. */
    public Map<String, Object> params() {
        return params;
    }

    /** The event id, assigned on first call when none was set. */
    public synchronized String id() {
        if (id == null) {
            id = TimeOrderedIds.next();
        }
        return id;
    }

    @Override
    public String toString() {
        return "Event[" + name + ", id=" + id + ", params=" + params.keySet() + "]";
    }
}
