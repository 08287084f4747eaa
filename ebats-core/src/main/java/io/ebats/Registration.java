package io.ebats;

import java.time.Duration;
import java.util.Objects;

/**
 * One task registered under an event: when the event is published, the scheduler creates task {@code task}
 * on topic {@code topic}, due after {@code delay}.
 *
 * @param event       the event name
 * @param task        the task name, as workers know it
 * @param topic       the topic whose queue receives the task
 * @param delay       how long after the event the task is due; zero for at once
 * @param retryPolicy the task's retry policy, or null for the worker's default
 */
public record Registration(String event, String task, String topic, Duration delay, RetryPolicy retryPolicy) {

    public Registration {
        Names.require("event", event);
        Names.require("task", task);
        Names.require("topic", topic);
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay of task " + task + " must not be negative, was " + delay);
        }
    }

    public Registration(String event, String task, String topic) {
        this(event, task, topic, Duration.ZERO, null);
    }

    /** The key that makes task ids unique per event: task name and topic. */
    public String key() {
        return task + "@" + topic;
    }
}
