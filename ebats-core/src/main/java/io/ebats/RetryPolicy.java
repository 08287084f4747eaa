package io.ebats;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how late a failing task is tried again: exponential backoff with jitter, bounded attempts.
 * The delay before attempt {@code n + 1} is {@code min(maxBackoff, initialBackoff * multiplier^(n-1))},
 * of which a random part up to {@code jitter} (a fraction) is taken off.
 *
 * @param maxAttempts    attempts in all, the first included; at least 1
 * @param initialBackoff the delay after the first failure
 * @param maxBackoff     the longest delay
 * @param multiplier     growth per attempt; at least 1
 * @param jitter         fraction of the delay that is random, 0 to 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
                          double jitter) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final double DEFAULT_JITTER = 0.5;

    /** 5 attempts, 1 s doubling up to 10 min, half of each delay random. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF,
            DEFAULT_MAX_BACKOFF, DEFAULT_MULTIPLIER, DEFAULT_JITTER);

    /** A single attempt: any failure is final. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        requireNonNegative("initialBackoff", initialBackoff);
        requireNonNegative("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff (" + initialBackoff
                    + "), was " + maxBackoff);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
    }

    /** The default policy with another number of attempts. */
    public static RetryPolicy maxAttempts(int maxAttempts) {
        return DEFAULT.withMaxAttempts(maxAttempts);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, multiplier, jitter);
    }

    public RetryPolicy withBackoff(Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, max, multiplier, jitter);
    }

    public RetryPolicy withJitter(double fraction) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, fraction);
    }

    /** Whether a task that just failed its attempt number {@code attempt} may be tried again. */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** The delay before the attempt after {@code failedAttempt} (1-based). */
    public Duration backoffAfter(int failedAttempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
        long capped = (long) Math.min(millis, maxBackoff.toMillis());
        long randomPart = (long) (capped * jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(capped - randomPart);
    }

    private static void requireNonNegative(String field, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be zero or positive, was " + value);
        }
    }
}
