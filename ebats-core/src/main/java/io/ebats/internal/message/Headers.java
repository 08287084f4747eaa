package io.ebats.internal.message;

/** AMQP header names of the wire protocol (docs/protocol.md). */
public final class Headers {

    public static final String ATTEMPT = "x-ebats-attempt";
    public static final String EVENT_ID = "x-ebats-event-id";
    public static final String EVENT = "x-ebats-event";
    public static final String TOPIC = "x-ebats-topic";
    public static final String CREATED_AT = "x-ebats-created-at";
    public static final String DUE_AT = "x-ebats-due-at";
    public static final String MAX_ATTEMPTS = "x-ebats-max-attempts";
    public static final String INITIAL_BACKOFF_MS = "x-ebats-initial-backoff-ms";
    public static final String MAX_BACKOFF_MS = "x-ebats-max-backoff-ms";
    public static final String BACKOFF_MULTIPLIER = "x-ebats-backoff-multiplier";
    public static final String BACKOFF_JITTER = "x-ebats-backoff-jitter";
    public static final String ROUTING_KEY = "x-ebats-routing-key";

    public static final String DEAD_REASON = "x-ebats-dead-reason";
    public static final String DEAD_AT = "x-ebats-dead-at";
    public static final String SOURCE_QUEUE = "x-ebats-source-queue";
    public static final String ERROR_CLASS = "x-ebats-error-class";
    public static final String ERROR_MESSAGE = "x-ebats-error-message";
    public static final String ERROR_STACK = "x-ebats-error-stack";
    public static final String ATTEMPTS = "x-ebats-attempts";
    public static final String REPLAYED_AT = "x-ebats-replayed-at";
    /** The schedule that fired an event or task; kept across retries and from an event to its tasks. */
    public static final String SCHEDULE = "x-ebats-schedule";
    /** The nominal time (epoch ms) of a schedule's fire; kept as {@link #SCHEDULE} is. */
    public static final String NOMINAL_AT = "x-ebats-nominal-at";

    public static final String CONTENT_TYPE_JSON = "application/json";

    private Headers() {
    }
}
