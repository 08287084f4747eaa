package io.ebats.internal.message;

import com.rabbitmq.client.AMQP;
import io.ebats.EbatsConfig;
import io.ebats.RetryPolicy;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * A task as it travels: AMQP properties and headers around a JSON params body (docs/protocol.md).
 *
 * @param id          the task id ({@code message_id}), stable across retries
 * @param name        the task name ({@code type})
 * @param topic       the topic
 * @param attempt     1 for the first attempt
 * @param eventId     the event the task came from, or null
 * @param eventName   that event's name, or null
 * @param createdAt   epoch ms of the first creation
 * @param retryPolicy the policy carried by the message, or null for the worker's
 * @param body        the params, a JSON object
 * @param carried     headers of other parties (trace ids, ...) that travel with the task across retries
 */
public record TaskMessage(String id, String name, String topic, int attempt, String eventId, String eventName,
                          long createdAt, RetryPolicy retryPolicy, byte[] body, Map<String, Object> carried) {

    /** The longest delay of the longest ladder (2^42 - 1 ms); a due time further out is forged or broken. */
    static final long MAX_DELAY_MILLIS = (1L << EbatsConfig.MAX_DELAY_LEVELS) - 1;

    public TaskMessage {
        carried = carried == null ? Map.of() : carried;
    }

    public TaskMessage(String id, String name, String topic, int attempt, String eventId, String eventName,
                       long createdAt, RetryPolicy retryPolicy, byte[] body) {
        this(id, name, topic, attempt, eventId, eventName, createdAt, retryPolicy, body, Map.of());
    }

    /**
     * The headers of {@code headers} that travel with a task: those that are neither ebats' own nor the broker's,
     * and a schedule's name and nominal time.
     */
    public static Map<String, Object> foreignHeaders(Map<String, Object> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> foreign = new HashMap<>();
        headers.forEach((key, value) -> {
            if (key.equals(Headers.SCHEDULE) || key.equals(Headers.NOMINAL_AT)) {
                foreign.put(key, value);
            } else if (!key.startsWith("x-ebats-") && !key.startsWith("x-death") && !key.startsWith("x-first-death")
                    && !key.startsWith("x-last-death") && !key.equals("x-delivery-count")
                    && !key.startsWith("x-qpid-")) {
                foreign.put(key, value);
            }
        });
        return foreign;
    }

    /** The next attempt of this task: same id, params and policy. */
    public TaskMessage nextAttempt() {
        return new TaskMessage(id, name, topic, attempt + 1, eventId, eventName, createdAt, retryPolicy, body, carried);
    }

    /** The task as a first attempt again (replay). */
    public TaskMessage firstAttempt() {
        return new TaskMessage(id, name, topic, 1, eventId, eventName, createdAt, retryPolicy, body, carried);
    }

    /** AMQP properties for publishing this task, due after {@code delay}. */
    public AMQP.BasicProperties properties(Duration delay) {
        long now = System.currentTimeMillis();
        Map<String, Object> headers = new HashMap<>(carried.size() + 12);
        headers.putAll(carried);
        headers.put(Headers.ATTEMPT, attempt);
        headers.put(Headers.TOPIC, topic);
        headers.put(Headers.CREATED_AT, createdAt);
        if (eventId != null) headers.put(Headers.EVENT_ID, eventId);
        if (eventName != null) headers.put(Headers.EVENT, eventName);
        if (!delay.isZero()) headers.put(Headers.DUE_AT, now + delay.toMillis());
        if (retryPolicy != null) {
            headers.put(Headers.MAX_ATTEMPTS, retryPolicy.maxAttempts());
            headers.put(Headers.INITIAL_BACKOFF_MS, retryPolicy.initialBackoff().toMillis());
            headers.put(Headers.MAX_BACKOFF_MS, retryPolicy.maxBackoff().toMillis());
            headers.put(Headers.BACKOFF_MULTIPLIER, retryPolicy.multiplier());
            headers.put(Headers.BACKOFF_JITTER, retryPolicy.jitter());
        }
        return new AMQP.BasicProperties.Builder()
                .messageId(id)
                .type(name)
                .contentType(Headers.CONTENT_TYPE_JSON)
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .timestamp(new Date(now))
                .headers(headers)
                .build();
    }

    /**
     * Reads a delivered task.
     *
     * @throws MalformedMessageException naming what is missing or wrong
     */
    public static TaskMessage decode(String topic, AMQP.BasicProperties props, byte[] body, int maxBytes) {
        if (props.getMessageId() == null || props.getMessageId().isBlank()) {
            throw new MalformedMessageException("missing message_id (the task id)");
        }
        if (props.getType() == null || props.getType().isBlank()) {
            throw new MalformedMessageException("missing type (the task name)");
        }
        if (body.length > maxBytes) {
            throw new MalformedMessageException("body of " + body.length + " bytes exceeds the limit of "
                    + maxBytes + " bytes");
        }
        String contentType = props.getContentType();
        if (contentType != null && !contentType.startsWith(Headers.CONTENT_TYPE_JSON)) {
            throw new MalformedMessageException("content_type must be application/json, was " + contentType);
        }
        Map<String, Object> headers = props.getHeaders();
        long attempt = HeaderValues.number(headers, Headers.ATTEMPT, 1);
        if (attempt < 1 || attempt > 1_000_000) {
            throw new MalformedMessageException("header " + Headers.ATTEMPT + " must be between 1 and 1000000, was "
                    + attempt);
        }
        try {
            Json.requireObject(body);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage());
        }
        long created = HeaderValues.number(headers, Headers.CREATED_AT,
                props.getTimestamp() == null ? System.currentTimeMillis() : props.getTimestamp().getTime());
        requireSaneDueTime(headers, created);
        return new TaskMessage(props.getMessageId(), props.getType(), topic, (int) attempt,
                HeaderValues.string(headers, Headers.EVENT_ID), HeaderValues.string(headers, Headers.EVENT),
                created, retryPolicy(headers), body, foreignHeaders(headers));
    }

    /** The due time is informational, but one that no ladder could produce marks a forged or broken message. */
    private static void requireSaneDueTime(Map<String, Object> headers, long created) {
        long due = HeaderValues.number(headers, Headers.DUE_AT, Long.MIN_VALUE);
        if (due == Long.MIN_VALUE) {
            return;
        }
        if (due < 0) {
            throw new MalformedMessageException("header " + Headers.DUE_AT + " must not be negative, was " + due);
        }
        if (due - created > MAX_DELAY_MILLIS) {
            throw new MalformedMessageException("header " + Headers.DUE_AT + " is " + (due - created)
                    + " ms after the creation time, beyond the longest possible delay of " + MAX_DELAY_MILLIS + " ms");
        }
    }

    private static RetryPolicy retryPolicy(Map<String, Object> headers) {
        long max = HeaderValues.number(headers, Headers.MAX_ATTEMPTS, -1);
        if (max < 0) {
            return null;
        }
        RetryPolicy d = RetryPolicy.DEFAULT;
        try {
            long initial = HeaderValues.number(headers, Headers.INITIAL_BACKOFF_MS, d.initialBackoff().toMillis());
            long cap = HeaderValues.number(headers, Headers.MAX_BACKOFF_MS, Math.max(initial, d.maxBackoff().toMillis()));
            double multiplier = HeaderValues.decimal(headers, Headers.BACKOFF_MULTIPLIER, d.multiplier());
            double jitter = HeaderValues.decimal(headers, Headers.BACKOFF_JITTER, d.jitter());
            return new RetryPolicy((int) Math.min(max, Integer.MAX_VALUE), Duration.ofMillis(initial),
                    Duration.ofMillis(cap), multiplier, jitter);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("retry headers are invalid: " + e.getMessage());
        }
    }
}
