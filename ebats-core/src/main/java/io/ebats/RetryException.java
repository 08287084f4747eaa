package io.ebats;

import java.time.Duration;
import java.util.Optional;

/**
 * Thrown by a task handler to ask for another attempt later. Without a delay the task's retry policy picks
 * one (exponential backoff with jitter). When the task has used all its attempts it goes to the dead-letter
 * queue instead.
 */
public class RetryException extends RuntimeException {

    private final Duration delay;

    public RetryException(String message) {
        this(message, (Duration) null);
    }

    public RetryException(String message, Duration delay) {
        super(message);
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("retry delay must not be negative, was " + delay);
        }
        this.delay = delay;
    }

    public RetryException(String message, Throwable cause) {
        super(message, cause);
        this.delay = null;
    }

    /** The delay the handler asked for, or empty to let the retry policy decide. */
    public Optional<Duration> delay() {
        return Optional.ofNullable(delay);
    }
}
