package io.ebats;

/**
 * Receives the record of every attempt, after the attempt was settled with the broker (so
 * {@link Attempt#outcome()} says what really happened): to save the record, count it, show it.
 *
 * <p>Called from worker threads, possibly concurrently; implementations must be thread-safe and should be
 * quick. An exception thrown here is logged and otherwise ignored.
 */
@FunctionalInterface
public interface AttemptListener {

    void onAttempt(Attempt attempt);
}
