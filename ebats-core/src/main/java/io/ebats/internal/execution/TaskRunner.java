package io.ebats.internal.execution;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import io.ebats.Attempt;
import io.ebats.AttemptListener;
import io.ebats.Outcome;
import io.ebats.PublishException;
import io.ebats.RetryPolicy;
import io.ebats.internal.Engine;
import io.ebats.internal.deadletter.DeadLetterMessage;
import io.ebats.internal.message.HeaderValues;
import io.ebats.internal.message.Headers;
import io.ebats.internal.message.MalformedMessageException;
import io.ebats.internal.message.TaskMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one delivered task of a topic: decode, find the handler, run it within its timeout, then settle with
 * the broker (retry or dead letter published and confirmed first, then ack) and report the attempt.
 */
final class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    /** Deliveries without a settlement after which a task is dead-lettered instead of run again. */
    static final long MAX_REDELIVERIES = 20;

    private final Engine engine;
    private final WorkerSettings settings;
    private final String topic;
    private final String queue;
    private final String deadQueue;
    private final ExecutorService handlerThreads;
    private final Presence presence;
    private final DuplicateGuard duplicates;

    TaskRunner(Engine engine, WorkerSettings settings, String topic, ExecutorService handlerThreads,
               Presence presence, DuplicateGuard duplicates) {
        this.presence = presence;
        this.duplicates = duplicates;
        this.engine = engine;
        this.settings = settings;
        this.topic = topic;
        this.queue = engine.names().taskQueue(topic);
        this.deadQueue = engine.names().deadTopicQueue(topic);
        this.handlerThreads = handlerThreads;
    }

    void run(Channel channel, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        Instant startedAt = Instant.now();
        long deliveries = redeliveries(envelope, props);
        if (deliveries >= MAX_REDELIVERIES) {
            String detail = "delivered " + deliveries + " times without being settled: a worker may crash on it";
            int attempt = (int) safeAttempt(props);
            if (deadLetter(channel, envelope, props, body, "redelivery-limit", null, detail, attempt)) {
                log.warn("task {} on topic {} dead-lettered: {}", props.getMessageId(), topic, detail);
                report(new Attempt(topic, props.getMessageId(), props.getType(), excerpt(body), Duration.ZERO,
                        Outcome.DEAD, detail, attempt, null, startedAt, null, null));
            }
            return;
        }
        TaskMessage task;
        try {
            task = TaskMessage.decode(topic, props, body, engine.config().maxMessageBytes());
        } catch (MalformedMessageException e) {
            int attempt = (int) safeAttempt(props);
            if (deadLetter(channel, envelope, props, body, "malformed", null, e.getMessage(), attempt)) {
                log.warn("malformed message on topic {} dead-lettered: {}", topic, e.getMessage());
                report(new Attempt(topic, props.getMessageId(), props.getType(), excerpt(body), Duration.ZERO,
                        Outcome.DEAD, e.getMessage(), attempt, null, startedAt, e, null));
            }
            return;
        }
        BoundHandler handler = settings.handlers().get(task.name());
        if (handler == null) {
            String detail = "no handler for task " + task.name() + " on topic " + topic + " (this worker knows "
                    + new TreeSet<>(settings.handlers().keySet()) + ")";
            if (deadLetter(channel, envelope, props, body, "unknown-task", null, detail, task.attempt())) {
                log.warn("{}; dead-lettered task {}", detail, task.id());
                report(attempt(task, startedAt, Duration.ZERO, Outcome.DEAD, detail, null, null));
            }
            return;
        }
        if (duplicates == null) {
            execute(channel, envelope, props, body, task, handler, startedAt);
            return;
        }
        try (DuplicateGuard.Claim claim = duplicates.claim(task.id(), timeoutOf(handler))) {
            if (claim.alreadySucceeded()) {
                if (ack(channel, envelope, task)) {
                    log.debug("task {} {} already succeeded: skipped", task.name(), task.id());
                    report(attempt(task, startedAt, Duration.ZERO, Outcome.SKIPPED, "already succeeded", null, null));
                }
                return;
            }
            execute(channel, envelope, props, body, task, handler, startedAt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the unsettled task goes back to the queue
        }
    }

    private void execute(Channel channel, Envelope envelope, AMQP.BasicProperties props, byte[] body,
                         TaskMessage task, BoundHandler handler, Instant startedAt) {
        long started = System.nanoTime();
        presence.started(task, startedAt);
        Throwable error;
        try {
            error = invoke(handler, task);
        } finally {
            presence.finished(task);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (!channel.isOpen()) {
            // The worker closed (grace period over) or lost its connection: the broker redelivers this task, so
            // settling it now (a retry or dead letter) would make a second copy of it.
            log.warn("task {} {} ended after its channel closed; left to the broker to redeliver", task.name(),
                    task.id());
            return;
        }
        if (error == null) {
            if (ack(channel, envelope, task)) {
                report(attempt(task, startedAt, took, Outcome.SUCCEEDED, "ok", null, null));
            }
            return;
        }
        settleFailure(channel, envelope, props, body, task, error, startedAt, took);
    }

    private void settleFailure(Channel channel, Envelope envelope, AMQP.BasicProperties props, byte[] body,
                               TaskMessage task, Throwable error, Instant startedAt, Duration took) {
        RetryPolicy policy = task.retryPolicy() != null ? task.retryPolicy() : settings.retryPolicy();
        RetryDecision decision = RetryDecision.after(error, task.attempt(), policy, engine.dialect().maxDelay());
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        if (decision.outcome() == Outcome.RETRYING) {
            try {
                engine.publisher().await(engine.publishTask(task.nextAttempt(), decision.delay()),
                        "retry of task " + task.id());
            } catch (IllegalArgumentException | io.ebats.EbatsException e) {
                requeue(channel, envelope, task, e);
                return;
            }
            log.info("task {} {} attempt {} failed, retry in {} ms: {}", task.name(), task.id(), task.attempt(),
                    decision.delay().toMillis(), message);
            if (ack(channel, envelope, task)) {
                report(attempt(task, startedAt, took, Outcome.RETRYING, message, error, decision.delay()));
            }
            return;
        }
        if (deadLetter(channel, envelope, props, body, decision.reason(), error, null, task.attempt())) {
            log.warn("task {} {} dead-lettered after attempt {} ({}): {}", task.name(), task.id(), task.attempt(),
                    decision.reason(), message);
            report(attempt(task, startedAt, took, decision.outcome(), message, error, null));
        }
    }

    private Duration timeoutOf(BoundHandler handler) {
        return handler.timeout() != null ? handler.timeout() : settings.handlerTimeout();
    }

    /** Runs the handler on its own thread and waits at most the timeout; returns the error, if any. */
    private Throwable invoke(BoundHandler handler, TaskMessage task) {
        Duration timeout = timeoutOf(handler);
        DeliveredTask context = new DeliveredTask(task);
        Future<?> running = handlerThreads.submit(() -> {
            handler.invocation().invoke(context);
            return null;
        });
        try {
            running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            running.cancel(true);
            return new HandlerTimeoutException(task.name(), timeout);
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /** Publishes a dead letter, then acks; false when the publish failed and the task went back instead. */
    private boolean deadLetter(Channel channel, Envelope envelope, AMQP.BasicProperties props, byte[] body,
                               String reason, Throwable error, String detail, int attempts) {
        AMQP.BasicProperties dead = DeadLetterMessage.properties(props, reason, error, detail, attempts, queue,
                envelope.getRoutingKey());
        CompletableFuture<Void> confirm = engine.publishToQueue(deadQueue, dead, body);
        try {
            engine.publisher().await(confirm, "dead letter of " + props.getMessageId());
        } catch (PublishException e) {
            requeue(channel, envelope, null, e);
            return false;
        }
        return ackTag(channel, envelope.getDeliveryTag(), props.getMessageId());
    }

    private boolean ack(Channel channel, Envelope envelope, TaskMessage task) {
        return ackTag(channel, envelope.getDeliveryTag(), task.id());
    }

    private static boolean ackTag(Channel channel, long tag, String id) {
        try {
            channel.basicAck(tag, false);
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("could not ack task {}; the broker will redeliver it: {}", id, e.toString());
            return false;
        }
    }

    private static void requeue(Channel channel, Envelope envelope, TaskMessage task, Exception cause) {
        log.warn("could not settle task {}, returned to the queue: {}", task == null ? "?" : task.id(),
                cause.getMessage());
        try {
            channel.basicNack(envelope.getDeliveryTag(), false, true);
        } catch (IOException | RuntimeException e) {
            log.debug("nack failed, the broker redelivers on reconnect: {}", e.toString());
        }
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
