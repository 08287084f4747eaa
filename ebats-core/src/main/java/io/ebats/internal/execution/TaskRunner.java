package io.ebats.internal.execution;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.ebats.Attempt;
import io.ebats.AttemptListener;
import io.ebats.HandlerResult;
import io.ebats.HandlerScope;
import io.ebats.Handling;
import io.ebats.Outcome;
import io.ebats.RetryPolicy;
import io.ebats.internal.interception.Interception;
import io.ebats.internal.message.HeaderValues;
import io.ebats.internal.message.Headers;
import io.ebats.internal.message.MalformedMessageException;
import io.ebats.internal.message.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one delivered task of a topic: decode, find the handler, run it within its timeout (enforced by the
 * watchdog of {@link HandlerWatchdog}), then settle the delivery ({@link Settlement}: retry or dead letter
 * published and confirmed first, then ack) and report the attempt. A cancelled task is acknowledged without running;
 * a run whose task is cancelled meanwhile is interrupted through the watchdog.
 */
final class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    /** How much before its due time a task may come and still run: the due time is in whole milliseconds. */
    static final long EARLY_TOLERANCE_MILLIS = 1;
    private static final int EXCERPT_CHARS = 500;

    private final WorkerSettings settings;
    private final String topic;
    private final Republisher republisher;
    private final int maxMessageBytes;
    private final HandlerWatchdog handlers;
    private final DuplicateGuard duplicates;
    private final LateOutcomes lateOutcomes;
    private final Interception interception;
    private final String taskQueue;
    private final Predicate<String> cancelled;

    /** {@code maxMessageBytes}: the largest body decoded; a larger one is dead-lettered as malformed. */
    TaskRunner(WorkerSettings settings, String topic, Republisher republisher, int maxMessageBytes,
               HandlerWatchdog handlers, DuplicateGuard duplicates, LateOutcomes lateOutcomes) {
        this(settings, topic, republisher, maxMessageBytes, handlers, duplicates, lateOutcomes, Interception.NONE);
    }

    /** As above, each handler run within the scopes of {@code interception}'s handler interceptors. */
    TaskRunner(WorkerSettings settings, String topic, Republisher republisher, int maxMessageBytes,
               HandlerWatchdog handlers, DuplicateGuard duplicates, LateOutcomes lateOutcomes,
               Interception interception) {
        this(settings, topic, republisher, maxMessageBytes, handlers, duplicates, lateOutcomes, interception,
                taskId -> false);
    }

    /** As above, not running the tasks whose ids {@code cancelled} accepts. */
    TaskRunner(WorkerSettings settings, String topic, Republisher republisher, int maxMessageBytes,
               HandlerWatchdog handlers, DuplicateGuard duplicates, LateOutcomes lateOutcomes,
               Interception interception, Predicate<String> cancelled) {
        this.cancelled = cancelled;
        this.interception = interception;
        this.taskQueue = republisher.taskQueue();
        this.settings = settings;
        this.topic = topic;
        this.republisher = republisher;
        this.maxMessageBytes = maxMessageBytes;
        this.handlers = handlers;
        this.duplicates = duplicates;
        this.lateOutcomes = lateOutcomes;
    }

    /**
     * Runs one delivery on the calling platform thread, handler included. {@code settled} runs exactly once, when
     * the delivery is settled or given back: on this thread, or on the watchdog's after a handler timeout, in
     * which case this method returns only when the overrunning handler does.
     */
    void run(DeliveryAcks acks, Envelope envelope, AMQP.BasicProperties props, byte[] body, Runnable settled) {
        boolean settledHere = true;
        try {
            settledHere = runUntilSettled(new Settlement(acks, republisher, envelope, props, body), settled);
        } finally {
            if (settledHere) {
                settled.run();
            }
        }
    }

    /** False when a handler timeout handed the settlement, and {@code settled}, over to the watchdog. */
    private boolean runUntilSettled(Settlement delivery, Runnable settled) {
        Instant startedAt = Instant.now();
        if (cancelled.test(delivery.taskId())) {
            cancelOnArrival(delivery, startedAt);
            return true;
        }
        long deliveries = delivery.redeliveries();
        if (deliveries >= settings.redeliveryLimit()) {
            String detail = "delivered " + deliveries + " times without being settled: a worker may crash on it, or "
                    + "the broker refused to take its retry";
            if (delivery.deadLetter("redelivery-limit", detail)) {
                log.warn("task {} on topic {} dead-lettered: {}", delivery.taskId(), topic, detail);
                report(undecoded(delivery, startedAt).dead(Duration.ZERO, detail, null));
            }
            return true;
        }
        TaskMessage task;
        try {
            task = TaskMessage.decode(topic, delivery.properties(), delivery.body(), maxMessageBytes);
        } catch (MalformedMessageException e) {
            if (delivery.deadLetter("malformed", e.getMessage())) {
                log.warn("malformed message on topic {} dead-lettered: {}", topic, e.getMessage());
                report(undecoded(delivery, startedAt).dead(Duration.ZERO, e.getMessage(), e));
            }
            return true;
        }
        long early = HeaderValues.number(delivery.properties().getHeaders(), Headers.DUE_AT, 0)
                - System.currentTimeMillis();
        if (early > EARLY_TOLERANCE_MILLIS) {
            delayAgain(delivery, task, Duration.ofMillis(early));
            return true;
        }
        BoundHandler handler = settings.handlers().get(task.name());
        if (handler == null) {
            String detail = "no handler for task " + task.name() + " on topic " + topic + " (this worker knows "
                    + new TreeSet<>(settings.handlers().keySet()) + ")";
            if (delivery.deadLetter("unknown-task", detail)) {
                log.warn("{}; dead-lettered task {}", detail, task.id());
                report(attempt(task, startedAt).dead(Duration.ZERO, detail, null));
            }
            return true;
        }
        DuplicateGuard.Claim claim;
        try {
            claim = duplicates.claim(task.id(), timeoutOf(handler));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
            delivery.requeue();
            return true;
        }
        boolean settledHere = true;
        try {
            var late = lateOutcomes.get(task.id());
            if (late.isPresent()) {
                settleLate(delivery, task, late.get().error(), startedAt);
            } else if (claim.alreadySucceeded()) {
                skip(delivery, task, startedAt, "already succeeded");
            } else {
                settledHere = execute(delivery, task, handler, startedAt, () -> {
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
    private static void delayAgain(Settlement delivery, TaskMessage task, Duration early) {
        if (delivery.postpone(task, early)) {
            log.debug("task {} {} came {} ms before its due time; delayed again", task.name(), task.id(),
                    early.toMillis());
        }
    }

    /** A cancelled task: acknowledged without running, never dead-lettered, whatever it holds. */
    private void cancelOnArrival(Settlement delivery, Instant startedAt) {
        if (delivery.ack()) {
            Attempt.Builder attempt;
            try {
                attempt = attempt(TaskMessage.decode(topic, delivery.properties(), delivery.body(), maxMessageBytes),
                        startedAt);
            } catch (MalformedMessageException e) {
                attempt = undecoded(delivery, startedAt);
            }
            log.info("task {} on topic {} not run: it is cancelled", delivery.taskId(), topic);
            report(attempt.cancelled(Duration.ZERO, "cancelled before it ran"));
        }
    }

    /** A copy of a task whose handler ran here and ended after the broker had taken the delivery back. */
    private void settleLate(Settlement delivery, TaskMessage task, Throwable error, Instant startedAt) {
        if (error == null) {
            skip(delivery, task, startedAt, "already ran here; the broker had taken its delivery back");
        } else {
            settleFailure(delivery, task, error, startedAt, Duration.ZERO);
        }
    }

    private void skip(Settlement delivery, TaskMessage task, Instant startedAt, String why) {
        if (delivery.ack()) {
            log.debug("task {} {} not run again: {}", task.name(), task.id(), why);
            report(attempt(task, startedAt).skipped(why));
        }
    }

    /**
     * Runs the handler here and settles its outcome; false when it overran its timeout, so that the watchdog
     * settled the task as failed (then {@code released} ran) and the outcome the handler returned is ignored.
     */
    private boolean execute(Settlement delivery, TaskMessage task, BoundHandler handler, Instant startedAt,
                            Runnable released) {
        if (!interception.handles()) {
            return execute(delivery, task, handler, startedAt, released, null);
        }
        HandlerScope scope = interception.begin(new Handling(Handling.Kind.TASK, taskQueue, task.name(), task.id(),
                topic, task.attempt(), task.eventName(), task.eventId(), Interception.foreignStrings(task.carried())));
        boolean[] ran = {false};
        boolean[] settledHere = {true};
        try {
            scope.run(() -> {
                ran[0] = true;
                settledHere[0] = execute(delivery, task, handler, startedAt, released, scope);
            });
        } catch (RuntimeException e) {
            log.warn("handler interceptor scope {} failed around task {} {}: {}", scope, task.name(), task.id(),
                    e.toString());
        }
        if (!ran[0]) { // a broken interceptor must not leave the delivery unsettled
            return execute(delivery, task, handler, startedAt, released, HandlerScope.NONE);
        }
        return settledHere[0];
    }

    /** Runs the handler and settles; {@code scope}, when not null, is ended with the outcome. */
    private boolean execute(Settlement delivery, TaskMessage task, BoundHandler handler, Instant startedAt,
                            Runnable released, HandlerScope scope) {
        Duration timeout = timeoutOf(handler);
        long started = System.nanoTime();
        HandlerRun run = handlers.start(task, startedAt, timeout, ending -> {
            try {
                boolean timedOut = ending == HandlerRun.Ending.TIMED_OUT;
                HandlerTimeoutException error = timedOut ? new HandlerTimeoutException(task.name(), timeout) : null;
                Supplier<Outcome> settle = () -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    return timedOut ? conclude(delivery, task, error, startedAt, took)
                            : settleCancelled(delivery, task, startedAt, took);
                };
                if (scope == null) {
                    var unused = settle.get();
                } else {
                    Outcome[] outcome = {null};
                    try {
                        scope.run(() -> outcome[0] = settle.get());
                    } finally {
                        Interception.end(scope, new HandlerResult(outcome[0], error, timedOut));
                    }
                }
            } finally {
                released.run();
            }
        });
        // a cancel heard between the arrival and the start found no run to interrupt: it is ended here instead
        Throwable error = cancelled.test(task.id()) && handlers.cancel(task.id()) > 0 ? null : invoke(handler, task);
        if (!handlers.finish(run)) {
            log.debug("task {} {} returned after its timeout or cancel; its outcome is ignored", task.name(),
                    task.id());
            return false;
        }
        Outcome outcome = null;
        try {
            outcome = conclude(delivery, task, error, startedAt, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            if (scope != null) {
                Interception.end(scope, new HandlerResult(outcome, error, false));
            }
        }
        return true;
    }

    /**
     * Settles a task whose handler ended with {@code error} (null for a success); returns the outcome, null when the
     * delivery went back to the broker instead.
     */
    private Outcome conclude(Settlement delivery, TaskMessage task, Throwable error, Instant startedAt,
                             Duration took) {
        if (!delivery.owned()) {
            // The broker took the delivery back (consumer_timeout, a lost connection, the worker closing after its
            // grace period) and redelivers it: settling now would make a second copy. The copy that comes back
            // here is settled with this outcome instead of running again.
            lateOutcomes.remember(task.id(), error);
            log.warn("task {} {} ended after the broker took its delivery back; its redelivered copy will be "
                    + "settled as {} without running again", task.name(), task.id(), error == null ? "done" : "failed");
            if (error == null) {
                report(attempt(task, startedAt).succeeded(took, "ok (not acknowledged in time)"));
                return Outcome.SUCCEEDED;
            }
            return null;
        }
        if (error == null) {
            if (delivery.ack()) {
                report(attempt(task, startedAt).succeeded(took, "ok"));
                return Outcome.SUCCEEDED;
            }
            return null;
        }
        return settleFailure(delivery, task, error, startedAt, took);
    }

    /** Acknowledges a task whose run was cancelled; the outcome, or null when the broker had taken it back. */
    private Outcome settleCancelled(Settlement delivery, TaskMessage task, Instant startedAt, Duration took) {
        if (!delivery.owned()) {
            log.info("task {} {} cancelled after the broker took its delivery back; its redelivered copy is not run",
                    task.name(), task.id());
            return null;
        }
        if (delivery.ack()) {
            log.info("task {} {} cancelled while it ran: its handler was interrupted", task.name(), task.id());
            report(attempt(task, startedAt).cancelled(took, "cancelled while it ran: its handler was interrupted"));
            return Outcome.CANCELLED;
        }
        return null;
    }

    /** Retries or dead-letters a failed attempt; the outcome, or null when the delivery went back instead. */
    private Outcome settleFailure(Settlement delivery, TaskMessage task, Throwable error, Instant startedAt,
                                  Duration took) {
        RetryPolicy policy = task.retryPolicy() != null ? task.retryPolicy() : settings.retryPolicy();
        RetryDecision decision = RetryDecision.after(error, task.attempt(), policy, republisher.longestDelay());
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        if (decision.outcome() == Outcome.RETRYING) {
            if (delivery.retry(task.nextAttempt(), decision.delay())) {
                log.info("task {} {} attempt {} failed, retry in {} ms: {}", task.name(), task.id(), task.attempt(),
                        decision.delay().toMillis(), message);
                report(attempt(task, startedAt).retrying(took, message, error, decision.delay()));
                return Outcome.RETRYING;
            }
            return null;
        }
        if (delivery.deadLetter(decision.reason(), error)) {
            log.warn("task {} {} dead-lettered after attempt {} ({}): {}", task.name(), task.id(), task.attempt(),
                    decision.reason(), message);
            Attempt.Builder attempt = attempt(task, startedAt);
            report(decision.outcome() == Outcome.FAILED ? attempt.failed(took, message, error)
                    : attempt.dead(took, message, error));
            return decision.outcome();
        }
        return null;
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

    private Attempt.Builder attempt(TaskMessage task, Instant startedAt) {
        return Attempt.of(topic, task.id(), task.name()).params(new String(task.body(), StandardCharsets.UTF_8))
                .attempt(task.attempt()).eventId(task.eventId()).startedAt(startedAt);
    }

    /** The attempt of a message that was not decoded: what it says of itself, and an excerpt of its body. */
    private Attempt.Builder undecoded(Settlement delivery, Instant startedAt) {
        byte[] body = delivery.body();
        String text = new String(body, 0, Math.min(body.length, EXCERPT_CHARS), StandardCharsets.UTF_8);
        return Attempt.of(topic, delivery.taskId(), delivery.properties().getType())
                .params(body.length > EXCERPT_CHARS ? text + "..." : text)
                .attempt(delivery.attempt()).startedAt(startedAt);
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
}
