package io.ebats.internal.execution;

import io.ebats.Outcome;
import io.ebats.RetryException;
import io.ebats.RetryPolicy;
import io.ebats.TaskException;
import java.time.Duration;

/**
 * Where a failure becomes a retry or a dead letter. {@link TaskException} is final; {@link RetryException},
 * timeouts and any other error are retried under the task's policy until its attempts are used up.
 *
 * @param outcome {@link Outcome#RETRYING}, {@link Outcome#FAILED} or {@link Outcome#DEAD}
 * @param delay   for a retry: when the next attempt is due
 * @param reason  for a dead letter: the reason code
 */
record RetryDecision(Outcome outcome, Duration delay, String reason) {

    static RetryDecision after(Throwable error, int attempt, RetryPolicy policy, Duration longestDelay) {
        if (error instanceof TaskException) {
            return new RetryDecision(Outcome.FAILED, null, "task-exception");
        }
        if (!policy.allowsAnotherAfter(attempt)) {
            return new RetryDecision(Outcome.DEAD, null, "attempts-exhausted");
        }
        Duration delay = error instanceof RetryException retry && retry.delay().isPresent()
                ? retry.delay().get() : policy.backoffAfter(attempt);
        if (delay.compareTo(longestDelay) > 0) {
            delay = longestDelay;
        }
        return new RetryDecision(Outcome.RETRYING, delay, null);
    }

    static RetryDecision dead(String reason) {
        return new RetryDecision(Outcome.DEAD, null, reason);
    }
}
