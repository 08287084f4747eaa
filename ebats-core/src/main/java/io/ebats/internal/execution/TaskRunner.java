package io.ebats.internal.execution;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.ebats.Attempt;
import io.ebats.AttemptListener;
import io.ebats.Outcome;
import io.ebats.PublishException;
import io.ebats.RetryPolicy;
import io.ebats.internal.Engine;
import io.ebats.internal.broker.AckBatcher;
import io.ebats.internal.deadletter.DeadLetterMessage;
import io.ebats.internal.message.HeaderValues;
import io.ebats.internal.message.Headers;
import io.ebats.internal.message.MalformedMessageException;
import io.ebats.internal.message.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one delivered task of a topic: decode, find the handler, run it within its timeout (enforced by the
 * watchdog of {@link RunningHandlers}), then settle with the broker (retry or dead letter published and confirmed
 * first, then ack) and report the attempt.
 */
final class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    /** Deliveries without a settlement after which a task is dead-lettered instead of run again. */
    static final long MAX_REDELIVERIES = 20;
    /** How much before its due time a task may come and still run: the due time is in whole milliseconds. */
    static final long EARLY_TOLERANCE_MILLIS = 1;

    private final Engine engine;
    private final WorkerSettings settings;
    private final String topic;
    private final String queue;
    private final String deadQueue;
    private final RunningHandlers handlers;
    private final DuplicateGuard duplicates;
    private final LateOutcomes lateOutcomes;

    TaskRunner(Engine engine, WorkerSettings settings, String topic, RunningHandlers handlers,
               DuplicateGuard duplicates, LateOutcomes lateOutcomes) {
        this.handlers = handlers;
        this.duplicates = duplicates;
        this.lateOutcomes = lateOutcomes;
        this.engine = engine;
        this.settings = settings;
        this.topic = topic;
        this.queue = engine.names().taskQueue(topic);
        this.deadQueue = engine.names().deadTopicQueue(topic);
    }

    /**
     * Runs one delivery on the calling platform thread, handler included. {@code settled} runs exactly once, when
     * the delivery is settled or given back: on this thread, or on the watchdog's after a handler timeout, in
     * which case this method returns only when the overrunning handler does.
     */
    void run(AckBatcher acks, Envelope envelope, AMQP.BasicProperties props, byte[] body, Runnable settled) {
        boolean settledHere = true;
        try {
            settledHere = runUntilSettled(acks, envelope, props, body, settled);
        } finally {
            if (settledHere) {
                settled.run();
            }
        }
    }

    /** False when a handler timeout handed the settlement, and {@code settled}, over to the watchdog. */
    private boolean runUntilSettled(AckBatcher acks, Envelope envelope, AMQP.BasicProperties props, byte[] body,
                                    Runnable settled) {
        Instant startedAt = Instant.now();
        long deliveries = redeliveries(envelope, props);
        if (deliveries >= MAX_REDELIVERIES) {
            String detail = "delivered " + deliveries + " times without being settled: a worker may crash on it";
            int attempt = (int) safeAttempt(props);
            if (deadLetter(acks, envelope, props, body, "redelivery-limit", null, detail, attempt)) {
                log.warn("task {} on topic {} dead-lettered: {}", props.getMessageId(), topic, detail);
                report(new Attempt(topic, props.getMessageId(), props.getType(), excerpt(body), Duration.ZERO,
                        Outcome.DEAD, detail, attempt, null, startedAt, null, null));
            }
            return true;
        }
        TaskMessage task;
        try {
            task = TaskMessage.decode(topic, props, body, engine.config().maxMessageBytes());
        } catch (MalformedMessageException e) {
            int attempt = (int) safeAttempt(props);
            if (deadLetter(acks, envelope, props, body, "malformed", null, e.getMessage(), attempt)) {
                log.warn("malformed message on topic {} dead-lettered: {}", topic, e.getMessage());
                report(new Attempt(topic, props.getMessageId(), props.getType(), excerpt(body), Duration.ZERO,
                        Outcome.DEAD, e.getMessage(), attempt, null, startedAt, e, null));
            }
            return true;
        }
        long early = HeaderValues.number(props.getHeaders(), Headers.DUE_AT, 0) - System.currentTimeMillis();
        if (early > EARLY_TOLERANCE_MILLIS) {
            delayAgain(acks, envelope, task, Duration.ofMillis(early));
            return true;
        }
        BoundHandler handler = settings.handlers().get(task.name());
        if (handler == null) {
            String detail = "no handler for task " + task.name() + " on topic " + topic + " (this worker knows "
                    + new TreeSet<>(settings.handlers().keySet()) + ")";
            if (deadLetter(acks, envelope, props, body, "unknown-task", null, detail, task.attempt())) {
                log.warn("{}; dead-lettered task {}", detail, task.id());
                report(attempt(task, startedAt, Duration.ZERO, Outcome.DEAD, detail, null, null));
            }
            return true;
        }
        DuplicateGuard.Claim claim;
        try {
            claim = duplicates.claim(task.id(), timeoutOf(handler));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
            acks.requeue(envelope.getDeliveryTag());
            return true;
        }
        boolean settledHere = true;
        try {
            var late = lateOutcomes.get(task.id());
            if (late.isPresent()) {
                settleLate(acks, envelope, props, body, task, late.get().error(), startedAt);
            } else if (claim.alreadySucceeded()) {
                skip(acks, envelope, task, startedAt, "already succeeded");
            } else {
                settledHere = execute(acks, envelope, props, body, task, handler, startedAt, () -> {
                    claim.close();
                    settled.run();
                });
            }
        } finally {
            if (settledHere) {
                claim.close();
            }
        }
        return settledHere;
    }

    /**
     * A task that came before its due time goes through the broker's delay again for the rest of it, then is
     * acknowledged; it is not an attempt. It happens when the broker's clock runs fast (an Erlang VM correcting
     * its time after the host's clock jumped runs up to 1 % fast, so a 10 s delay ends up to 100 ms early) or
     * when a producer put a task with a future due time straight into the task queue.
     */
    private void delayAgain(AckBatcher acks, Envelope envelope, TaskMessage task, Duration early) {
        try {
            engine.publisher().await(engine.publishTask(task, early), "early task " + task.id());
        } catch (IllegalArgumentException | io.ebats.EbatsException e) {
            requeue(acks, envelope, task, e);
            return;
        }
        if (ack(acks, envelope, task)) {
            log.debug("task {} {} came {} ms before its due time; delayed again", task.name(), task.id(),
                    early.toMillis());
        }
    }

    /** A copy of a task whose handler ran here and ended after the broker had taken the delivery back. */
    private void settleLate(AckBatcher acks, Envelope envelope, AMQP.BasicProperties props, byte[] body,
                            TaskMessage task, Throwable error, Instant startedAt) {
        if (error == null) {
            skip(acks, envelope, task, startedAt, "already ran here; the broker had taken its delivery back");
        } else {
            settleFailure(acks, envelope, props, body, task, error, startedAt, Duration.ZERO);
        }
    }

    private void skip(AckBatcher acks, Envelope envelope, TaskMessage task, Instant startedAt, String why) {
        if (ack(acks, envelope, task)) {
            log.debug("task {} {} not run again: {}", task.name(), task.id(), why);
            report(attempt(task, startedAt, Duration.ZERO, Outcome.SKIPPED, why, null, null));
        }
    }

    /**
     * Runs the handler here and settles its outcome; false when it overran its timeout, so that the watchdog
     * settled the task as failed (then {@code released} ran) and the outcome the handler returned is ignored.
     */
    private boolean execute(AckBatcher acks, Envelope envelope, AMQP.BasicProperties props, byte[] body,
                            TaskMessage task, BoundHandler handler, Instant startedAt, Runnable released) {
        Duration timeout = timeoutOf(handler);
        long started = System.nanoTime();
        HandlerRun run = handlers.start(task, startedAt, timeout, () -> {
            try {
                conclude(acks, envelope, props, body, task, new HandlerTimeoutException(task.name(), timeout),
                        startedAt, Duration.ofNanos(System.nanoTime() - started));
            } finally {
                released.run();
            }
        });
        Throwable error = invoke(handler, task);
        if (!handlers.finish(run)) {
            log.debug("task {} {} returned after its timeout; its outcome is ignored", task.name(), task.id());
            return false;
        }
        conclude(acks, envelope, props, body, task, error, startedAt, Duration.ofNanos(System.nanoTime() - started));
        return true;
    }

    /** Settles a task whose handler ended with {@code error} (null for a success). */
    private void conclude(AckBatcher acks, Envelope envelope, AMQP.BasicProperties props, byte[] body,
                          TaskMessage task, Throwable error, Instant startedAt, Duration took) {
        if (!acks.owns(envelope.getDeliveryTag())) {
            // The broker took the delivery back (consumer_timeout, a lost connection, the worker closing after its
            // grace period) and redelivers it: settling now would make a second copy. The copy that comes back
            // here is settled with this outcome instead of running again.
            lateOutcomes.remember(task.id(), error);
            log.warn("task {} {} ended after the broker took its delivery back; its redelivered copy will be "
                    + "settled as {} without running again", task.name(), task.id(), error == null ? "done" : "failed");
            if (error == null) {
                report(attempt(task, startedAt, took, Outcome.SUCCEEDED, "ok (not acknowledged in time)", null, null));
            }
            return;
        }
        if (error == null) {
            if (ack(acks, envelope, task)) {
                report(attempt(task, startedAt, took, Outcome.SUCCEEDED, "ok", null, null));
            }
            return;
        }
        settleFailure(acks, envelope, props, body, task, error, startedAt, took);
    }

    private void settleFailure(AckBatcher acks, Envelope envelope, AMQP.BasicProperties props, byte[] body,
                               TaskMessage task, Throwable error, Instant startedAt, Duration took) {
        RetryPolicy policy = task.retryPolicy() != null ? task.retryPolicy() : settings.retryPolicy();
        RetryDecision decision = RetryDecision.after(error, task.attempt(), policy, engine.dialect().maxDelay());
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        if (decision.outcome() == Outcome.RETRYING) {
            try {
                engine.publisher().await(engine.publishTask(task.nextAttempt(), decision.delay()),
                        "retry of task " + task.id());
            } catch (IllegalArgumentException | io.ebats.EbatsException e) {
                requeue(acks, envelope, task, e);
                return;
            }
            log.info("task {} {} attempt {} failed, retry in {} ms: {}", task.name(), task.id(), task.attempt(),
                    decision.delay().toMillis(), message);
            if (ack(acks, envelope, task)) {
                report(attempt(task, startedAt, took, Outcome.RETRYING, message, error, decision.delay()));
            }
            return;
        }
        if (deadLetter(acks, envelope, props, body, decision.reason(), error, null, task.attempt())) {
            log.warn("task {} {} dead-lettered after attempt {} ({}): {}", task.name(), task.id(), task.attempt(),
                    decision.reason(), message);
            report(attempt(task, startedAt, took, decision.outcome(), message, error, null));
        }
    }

    private Duration timeoutOf(BoundHandler handler) {
        return handler.timeout() != null ? handler.timeout() : settings.handlerTimeout();
    }

    /** Runs the handler on this thread; returns the error it ended with, if any. */
    private static Throwable invoke(BoundHandler handler, TaskMessage task) {
        try {
            handler.invocation().invoke(new DeliveredTask(task));
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    /** Publishes a dead letter, then acks; false when the publish failed and the task went back instead. */
    private boolean deadLetter(AckBatcher acks, Envelope envelope, AMQP.BasicProperties props, byte[] body,
                               String reason, Throwable error, String detail, int attempts) {
        AMQP.BasicProperties dead = DeadLetterMessage.properties(props, reason, error, detail, attempts, queue,
                envelope.getRoutingKey());
        CompletableFuture<Void> confirm = engine.publishToQueue(deadQueue, dead, body);
        try {
            engine.publisher().await(confirm, "dead letter of " + props.getMessageId());
        } catch (PublishException e) {
            requeue(acks, envelope, null, e);
            return false;
        }
        return ackTag(acks, envelope.getDeliveryTag(), props.getMessageId());
    }

    private boolean ack(AckBatcher acks, Envelope envelope, TaskMessage task) {
        return ackTag(acks, envelope.getDeliveryTag(), task.id());
    }

    /** Acks now or with the channel's next flush; false when the broker took the delivery back already. */
    private static boolean ackTag(AckBatcher acks, long tag, String id) {
        if (acks.ack(tag)) {
            return true;
        }
        log.warn("could not ack task {}; the broker took it back and will deliver it again", id);
        return false;
    }

    private static void requeue(AckBatcher acks, Envelope envelope, TaskMessage task, Exception cause) {
        log.warn("could not settle task {}, returned to the queue: {}", task == null ? "?" : task.id(),
                cause.getMessage());
        acks.requeue(envelope.getDeliveryTag());
    }

    private Attempt attempt(TaskMessage task, Instant startedAt, Duration took, Outcome outcome, String message,
                            Throwable error, Duration nextDelay) {
        return new Attempt(topic, task.id(), task.name(), new String(task.body(), StandardCharsets.UTF_8), took,
                outcome, message, task.attempt(), task.eventId(), startedAt, error, nextDelay);
    }

    private void report(Attempt attempt) {
        for (AttemptListener listener : settings.listeners()) {
            try {
                listener.onAttempt(attempt);
            } catch (RuntimeException e) {
                log.warn("attempt listener {} failed: {}", listener, e.toString());
            }
        }
    }

    /**
     * How often the broker has handed this message out before without it being settled (quorum queues count it
     * in {@code x-delivery-count}): the trace of a task that kills its worker, which must not loop forever.
     */
    private static long redeliveries(Envelope envelope, AMQP.BasicProperties props) {
        if (!envelope.isRedeliver()) {
            return 0;
        }
        try {
            return HeaderValues.number(props.getHeaders(), "x-delivery-count", 0);
        } catch (MalformedMessageException e) {
            return 0;
        }
    }

    private static long safeAttempt(AMQP.BasicProperties props) {
        try {
            return Math.max(1, HeaderValues.number(props.getHeaders(), Headers.ATTEMPT, 1));
        } catch (MalformedMessageException e) {
            return 1;
        }
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8);
        return body.length > 500 ? text + "..." : text;
    }
}
