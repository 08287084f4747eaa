package io.ebats;

import java.util.Optional;

/**
 * How a run seen by a {@link HandlerInterceptor} ended.
 *
 * @param outcome  for a task: {@link Outcome#SUCCEEDED}, {@link Outcome#RETRYING}, {@link Outcome#FAILED} or
 *                 {@link Outcome#DEAD}, or {@link Outcome#CANCELLED}; for an event: {@link Outcome#SUCCEEDED} when its tasks were published,
 *                 {@link Outcome#DEAD} when it was dead-lettered (no registration, malformed); null when the message
 *                 was given back to its queue to run again (its retry or dead letter was not confirmed, or the
 *                 broker had taken the delivery back)
 * @param error    what the handler threw (a {@link RetryException}, a {@link TaskException}, any other), or the
 *                 timeout, or why the message was given back; null for a success
 * @param timedOut true when the handler overran its timeout and was interrupted
 */
public record HandlerResult(Outcome outcome, Throwable error, boolean timedOut) {

    /** The outcome, empty when the message was given back to its queue. */
    public Optional<Outcome> outcomeIfSettled() {
        return Optional.ofNullable(outcome);
    }

    /** True for the outcomes a trace marks as errors: retrying, failed, dead, or given back. */
    public boolean isError() {
        return outcome != Outcome.SUCCEEDED && outcome != Outcome.SKIPPED && outcome != Outcome.CANCELLED;
    }
}
