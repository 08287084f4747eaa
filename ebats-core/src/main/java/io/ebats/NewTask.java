package io.ebats;

import io.ebats.internal.TimeOrderedIds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A task to create directly, without an event.
 *
 * @param topic       the topic whose queue receives the task
 * @param name        the task name, as workers know it
 * @param params      the parameters: a map, a record or a bean serialisable to a JSON object; null for none
 * @param delay       how long until the task is due; zero for at once
 * @param id          the task id; give a stable one to make creation idempotent for consumers. Ids that grow with
 *                    time, like the default, keep the history's index on task ids cheap to write
 * @param retryPolicy the task's retry policy, or null for the worker's default
 * @param headers     headers of other parties (a W3C {@code traceparent}, say) that travel with the task across
 *                    its retries, into its dead letter and back through a replay; handlers read them from
 *                    {@link TaskContext#headers()}. Names must not be blank or reserved ({@code x-ebats-*}, the
 *                    broker's {@code x-death*}, {@code x-delivery-count}, {@code x-qpid-*}); null for none
 */
public record NewTask(String topic, String name, Object params, Duration delay, String id, RetryPolicy retryPolicy,
                      Map<String, String> headers) {

    public NewTask {
        Names.require("topic", topic);
        Names.require("task", name);
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay of task " + name + " must not be negative, was " + delay);
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("task id must not be blank");
        }
        headers = MessageHeaders.copy(headers);
    }

    /** A task without headers of other parties. */
    public NewTask(String topic, String name, Object params, Duration delay, String id, RetryPolicy retryPolicy) {
        this(topic, name, params, delay, id, retryPolicy, Map.of());
    }

    /** A task due at once, with a new UUIDv7 as id: unique, and sorting by creation time. */
    public static NewTask of(String topic, String name, Object params) {
        return new NewTask(topic, name, params, Duration.ZERO, TimeOrderedIds.next(), null);
    }

    public NewTask withDelay(Duration due) {
        return new NewTask(topic, name, params, due, id, retryPolicy, headers);
    }

    public NewTask withId(String taskId) {
        return new NewTask(topic, name, params, delay, taskId, retryPolicy, headers);
    }

    public NewTask withRetryPolicy(RetryPolicy policy) {
        return new NewTask(topic, name, params, delay, id, policy, headers);
    }

    /**
     * This task with one more header (replacing one of the same name).
     *
     * @throws IllegalArgumentException when the name is blank or reserved
     */
    public NewTask withHeader(String header, String value) {
        MessageHeaders.require(header, value);
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new NewTask(topic, name, params, delay, id, retryPolicy, more);
    }

    /** This task with these headers instead of its own. */
    public NewTask withHeaders(Map<String, String> values) {
        return new NewTask(topic, name, params, delay, id, retryPolicy, values);
    }

    /** Shorthand for a map of parameters. */
    public static Map<String, Object> params(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("params need key/value pairs, got an odd count");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return map;
    }
}
