package io.ebats;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Creates tasks directly on a topic, bypassing events and the scheduler; used by custom consumers. Each
 * {@code create} returns only after the broker confirmed the task; {@link #createAsync} returns at once, so
 * that one thread can keep many tasks in flight.
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

    /**
     * Sends a task without waiting for the broker: the future completes with the task id once the broker
     * confirmed it, or fails with a {@link PublishException} (refused, unroutable, connection lost, or no
     * confirm within the publish timeout); a task whose future failed must be treated as not created. When
     * 8,192 publishes of this {@link Ebats} are unconfirmed, the call waits for a confirm first, up to the
     * publish timeout.
     *
     * <p>The future completes on the connection's thread: what is chained on it must not block (use the
     * {@code ...Async} methods of {@link CompletableFuture} with an executor of yours for slow work).
     *
     * @throws IllegalArgumentException when a name is invalid, params are not a JSON object or exceed the size
     *                                  limit, or the delay is longer than the broker can hold
     */
    CompletableFuture<String> createAsync(NewTask task);

    /**
     * Creates every task with their publishes in flight together, and returns their ids, in order, once the broker
     * confirmed all of them. Up to 1,000 are in flight unconfirmed at once, so that each confirm waits only for its
     * window of messages, however slow the broker; 100,000
     * tasks are one call.
     *
     * @throws BulkPublishException     when some were not confirmed: it says which, by index; the others were
     * @throws IllegalArgumentException when a task is invalid (as for {@link #createAsync}), naming its index: the
     *                                  tasks before it were sent, none after it
     */
    default List<String> createAll(List<NewTask> tasks) {
        return BulkCreate.createAll(this, tasks);
    }

    /** Creates a task due at once, retried by the policy of the worker that runs it. */
    default String create(String topic, String name, Object params) {
        return create(NewTask.of(topic, name, params));
    }

    /** A task due after {@code delay}. */
    default String create(String topic, String name, Object params, Duration delay) {
        return create(NewTask.of(topic, name, params).withDelay(delay));
    }
}
