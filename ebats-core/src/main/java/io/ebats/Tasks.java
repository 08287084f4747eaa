package io.ebats;

import java.time.Duration;

/**
 * Creates tasks directly on a topic, bypassing events and the scheduler; used by custom consumers. Each call
 * returns only after the broker confirmed the task.
 *
 * <p>Thread-safe.
 */
public interface Tasks {

    /**
     * Creates a task and returns its id once the broker confirmed it.
     *
     * @throws PublishException         when the broker did not confirm within the publish timeout
     * @throws IllegalArgumentException when a name is invalid or params are not a JSON object
     */
    String create(NewTask task);

    /** The seed's {@code Task::create(topic, name, params)}: a task due at once. */
    default String create(String topic, String name, Object params) {
        return create(NewTask.of(topic, name, params));
    }

    /** A task due after {@code delay}. */
    default String create(String topic, String name, Object params, Duration delay) {
        return create(NewTask.of(topic, name, params).withDelay(delay));
    }
}
