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
 */
public record NewTask(String topic, String name, Object params, Duration delay, String id, RetryPolicy retryPolicy) {

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
    }

    /** A task due at once, with a new UUIDv7 as id: unique, and sorting by creation time. */
    public static NewTask of(String topic, String name, Object params) {
        return new NewTask(topic, name, params, Duration.ZERO, TimeOrderedIds.next(), null);
    }

    public NewTask withDelay(Duration due) {
        return new NewTask(topic, name, params, due, id, retryPolicy);
    }

    public NewTask withId(String taskId) {
        return new NewTask(topic, name, params, delay, taskId, retryPolicy);
    }

    public NewTask withRetryPolicy(RetryPolicy policy) {
        return new NewTask(topic, name, params, delay, id, policy);
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
