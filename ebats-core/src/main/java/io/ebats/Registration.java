package io.ebats;

import java.time.Duration;
import java.util.Objects;

/**
 * One task registered under an event: when the event is published, the scheduler creates task {@code task}
 * on topic {@code topic}, due after {@code delay}; with a unique key, only while no other task holds the key.
 *
 * <pre>{@code
 * new Registration("order_paied", "ship", "demo")
 *     .withUnique(UniqueKey.template("order:{order_id}", Duration.ofMinutes(10)))
 * }</pre>
 *
 * @param event       the event name
 * @param task        the task name, as workers know it
 * @param topic       the topic whose queue receives the task
 * @param delay       how long after the event the task is due; zero for at once
 * @param retryPolicy the task's retry policy, or null for the worker's default
 * @param unique      the task's unique key, a template over the event's params such as {@code order:{order_id}};
 *                    null for none. While a task holding the key is queued, running or retrying, or succeeded
 *                    within its window, the scheduler creates nothing for this registration (see
 *                    {@link UniqueTasks}); the scheduler needs the {@link UniqueKeys} that hold the keys
 */
public record Registration(String event, String task, String topic, Duration delay, RetryPolicy retryPolicy,
                           UniqueKey unique) {

    public Registration {
        Names.require("event", event);
        Names.require("task", task);
        Names.require("topic", topic);
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay of task " + task + " must not be negative, was " + delay);
        }
    }

    /** A registration without a unique key. */
    public Registration(String event, String task, String topic, Duration delay, RetryPolicy retryPolicy) {
        this(event, task, topic, delay, retryPolicy, null);
    }

    /** A task due at once, with the worker's retry policy and no unique key. */
    public Registration(String event, String task, String topic) {
        this(event, task, topic, Duration.ZERO, null);
    }

    /** This registration with {@code unique} as its unique key; null for none. */
    public Registration withUnique(UniqueKey unique) {
        return new Registration(event, task, topic, delay, retryPolicy, unique);
    }

    /** The key that makes task ids unique per event: task name and topic. */
    public String key() {
        return task + "@" + topic;
    }
}
