package io.ebats.internal.execution;

import com.rabbitmq.client.AMQP;
import io.ebats.EbatsException;
import io.ebats.PublishException;
import io.ebats.internal.message.TaskMessage;
import java.time.Duration;

/**
 * Publishes what takes the place of a delivery of one topic before that delivery is acked: the task again (its
 * next attempt, or the same attempt delayed) or its dead letter. Each publish waits for the broker's confirm.
 * Thread-safe.
 */
interface Republisher {

    /**
     * Publishes a task due after {@code delay} and waits for the confirm; {@code what} names it in errors.
     *
     * @throws EbatsException           when it was not published or not confirmed (mostly a {@link PublishException})
     * @throws IllegalArgumentException when the delay is longer than the broker can hold
     */
    void publishTask(TaskMessage task, Duration delay, String what);

    /**
     * Publishes a dead letter into the topic's dead-letter queue and waits for the confirm.
     *
     * @throws EbatsException when it was not published or not confirmed
     */
    void publishDeadLetter(AMQP.BasicProperties props, byte[] body, String what);

    /** The topic's task queue, named in its dead letters as the queue a replay sends them back to. */
    String taskQueue();

    /** The longest delay the broker holds a retry for. */
    Duration longestDelay();
}
