package io.ebats.internal.execution;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.ebats.EbatsException;
import io.ebats.internal.deadletter.DeadLetterMessage;
import io.ebats.internal.message.HeaderValues;
import io.ebats.internal.message.Headers;
import io.ebats.internal.message.MalformedMessageException;
import io.ebats.internal.message.TaskMessage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery of a task queue and the ways to settle it with the broker: ack it, give it back, or first publish
 * what takes its place (the next attempt, the same task delayed, a dead letter), wait for the broker's confirm,
 * and only then ack. A replacement that is not confirmed gives the delivery back instead, so that a task is never
 * lost and never acked without its replacement. Used by one thread at a time.
 */
final class Settlement {

    private static final Logger log = LoggerFactory.getLogger(Settlement.class);

    private final DeliveryAcks acks;
    private final Republisher republisher;
    private final Envelope envelope;
    private final AMQP.BasicProperties props;
    private final byte[] body;

    Settlement(DeliveryAcks acks, Republisher republisher, Envelope envelope, AMQP.BasicProperties props,
               byte[] body) {
        this.acks = acks;
        this.republisher = republisher;
        this.envelope = envelope;
        this.props = props;
        this.body = body;
    }

    AMQP.BasicProperties properties() {
        return props;
    }

    byte[] body() {
        return body;
    }

    /** The task id the message carries; null for a message without one. */
    String taskId() {
        return props.getMessageId();
    }

    /** The attempt the message says it is; 1 when it does not say or cannot be read. */
    int attempt() {
        try {
            return (int) Math.max(1, HeaderValues.number(props.getHeaders(), Headers.ATTEMPT, 1));
        } catch (MalformedMessageException e) {
            return 1;
        }
    }

    /**
     * How often the broker has handed this message out before without it being settled (quorum queues count it
     * in {@code x-delivery-count}): the trace of a task that kills its worker, which must not loop forever.
     */
    long redeliveries() {
        if (!envelope.isRedeliver()) {
            return 0;
        }
        try {
            return HeaderValues.number(props.getHeaders(), "x-delivery-count", 0);
        } catch (MalformedMessageException e) {
            return 0;
        }
    }

    /** False once the broker took the delivery back (consumer_timeout, a lost connection): it redelivers it. */
    boolean owned() {
        return acks.owns(envelope.getDeliveryTag());
    }

    /** Acks now or with the channel's next flush; false when the broker took the delivery back already. */
    boolean ack() {
        if (acks.ack(envelope.getDeliveryTag())) {
            return true;
        }
        log.warn("could not ack task {}; the broker took it back and will deliver it again", taskId());
        return false;
    }

    /** Gives the delivery back to its queue, to be delivered again. */
    void requeue() {
        acks.requeue(envelope.getDeliveryTag());
    }

    /** Publishes {@code next} due after {@code delay}, then acks; false when the delivery went back instead. */
    boolean retry(TaskMessage next, Duration delay) {
        return replaceWith(next, delay, "retry of task " + next.id());
    }

    /** Publishes the task again due after {@code rest}, then acks; false when the delivery went back instead. */
    boolean postpone(TaskMessage task, Duration rest) {
        return replaceWith(task, rest, "early task " + task.id());
    }

    /** Publishes a dead letter that carries {@code error}, then acks; false when the delivery went back instead. */
    boolean deadLetter(String reason, Throwable error) {
        return deadLetter(reason, error, null);
    }

    /** Publishes a dead letter that says why in words, then acks; false when the delivery went back instead. */
    boolean deadLetter(String reason, String detail) {
        return deadLetter(reason, null, detail);
    }

    private boolean deadLetter(String reason, Throwable error, String detail) {
        AMQP.BasicProperties dead = DeadLetterMessage.properties(props, reason, error, detail, attempt(),
                republisher.taskQueue(), envelope.getRoutingKey());
        try {
            republisher.publishDeadLetter(dead, body, "dead letter of " + taskId());
        } catch (EbatsException e) {
            return giveBack(e);
        }
        return ack();
    }

    private boolean replaceWith(TaskMessage task, Duration delay, String what) {
        try {
            republisher.publishTask(task, delay, what);
        } catch (IllegalArgumentException | EbatsException e) {
            return giveBack(e);
        }
        return ack();
    }

    private boolean giveBack(Exception cause) {
        log.warn("could not settle task {}, returned to the queue: {}", taskId(), cause.getMessage());
        requeue();
        return false;
    }
}
