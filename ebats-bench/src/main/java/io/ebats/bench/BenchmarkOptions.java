package io.ebats.bench;

import io.ebats.Worker;
import java.time.Duration;
import java.util.Locale;

/**
 * The size of a benchmark run. Immutable; start from {@link #defaults()}.
 *
 * @param messages      messages (tasks, events) per scenario, measured
 * @param publishers    publishing threads, each with its own channel in the baseline
 * @param concurrency   the worker's concurrency; its prefetch, and the baseline consumer's, is {@link #prefetch()}
 * @param confirmWindow unconfirmed publishes allowed per publishing thread (baseline and ebats)
 * @param warmup        messages sent through each scenario before the measured round; 0 for none
 * @param timeout       bound on one round, publishing included; null for 30 s + 5 ms per message
 * @param messageBytes  size of each message's body (the JSON params of a task or event)
 * @param delayRate     tasks a second the {@code delay} scenario publishes; 0 for as fast as it can
 */
public record BenchmarkOptions(int messages, int publishers, int concurrency, int confirmWindow, int warmup,
                               Duration timeout, int messageBytes, int delayRate) {

    public static final int DEFAULT_MESSAGES = 10_000;
    public static final int DEFAULT_PUBLISHERS = 4;
    public static final int DEFAULT_CONCURRENCY = 16;
    public static final int DEFAULT_CONFIRM_WINDOW = 128;
    /**
     * Default warm-up: half the messages, at most this many; enough for the JIT to compile the hot paths of the
     * client and the engine before the timed round, for the baseline and ebats alike.
     */
    public static final int MAX_DEFAULT_WARMUP = 5_000;
    public static final int DEFAULT_MESSAGE_BYTES = 300;
    /** The smallest body that holds the JSON of a task's sequence number. */
    public static final int MIN_MESSAGE_BYTES = 64;
    public static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    public static final int DEFAULT_DELAY_RATE = 250;

    public BenchmarkOptions {
        if (messages < 1) {
            throw new IllegalArgumentException("messages must be at least 1, was " + messages);
        }
        if (publishers < 1 || publishers > 256) {
            throw new IllegalArgumentException("publishers must be between 1 and 256, was " + publishers);
        }
        if (concurrency < 1 || concurrency > 10_000) {
            throw new IllegalArgumentException("concurrency must be between 1 and 10000, was " + concurrency);
        }
        if (confirmWindow < 1 || confirmWindow > 100_000) {
            throw new IllegalArgumentException("confirmWindow must be between 1 and 100000, was " + confirmWindow);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must not be negative, was " + warmup);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (messageBytes < MIN_MESSAGE_BYTES || messageBytes > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("messageBytes must be between " + MIN_MESSAGE_BYTES + " and "
                    + MAX_MESSAGE_BYTES + ", was " + messageBytes);
        }
        if (delayRate < 0 || delayRate > 1_000_000) {
            throw new IllegalArgumentException("delayRate must be between 0 and 1000000, was " + delayRate);
        }
    }

    /**
     * 10,000 messages of 300 B, 4 publishers, concurrency 16, a window of 128, 5,000 warm-up messages, delayed
     * tasks at 250 a second.
     */
    public static BenchmarkOptions defaults() {
        return new BenchmarkOptions(DEFAULT_MESSAGES, DEFAULT_PUBLISHERS, DEFAULT_CONCURRENCY,
                DEFAULT_CONFIRM_WINDOW, defaultWarmup(DEFAULT_MESSAGES), null, DEFAULT_MESSAGE_BYTES,
                DEFAULT_DELAY_RATE);
    }

    /** Another message count; the default warm-up follows it. */
    public BenchmarkOptions withMessages(int value) {
        return new BenchmarkOptions(value, publishers, concurrency, confirmWindow, defaultWarmup(value),
                timeout, messageBytes, delayRate);
    }

    public BenchmarkOptions withPublishers(int value) {
        return new BenchmarkOptions(messages, value, concurrency, confirmWindow, warmup,
                timeout, messageBytes, delayRate);
    }

    public BenchmarkOptions withConcurrency(int value) {
        return new BenchmarkOptions(messages, publishers, value, confirmWindow, warmup,
                timeout, messageBytes, delayRate);
    }

    public BenchmarkOptions withConfirmWindow(int value) {
        return new BenchmarkOptions(messages, publishers, concurrency, value, warmup, timeout, messageBytes, delayRate);
    }

    public BenchmarkOptions withWarmup(int value) {
        return new BenchmarkOptions(messages, publishers, concurrency, confirmWindow, value,
                timeout, messageBytes, delayRate);
    }

    public BenchmarkOptions withTimeout(Duration value) {
        return new BenchmarkOptions(messages, publishers, concurrency, confirmWindow, warmup,
                value, messageBytes, delayRate);
    }

    public BenchmarkOptions withMessageBytes(int value) {
        return new BenchmarkOptions(messages, publishers, concurrency, confirmWindow, warmup, timeout, value,
                delayRate);
    }

    public BenchmarkOptions withDelayRate(int value) {
        return new BenchmarkOptions(messages, publishers, concurrency, confirmWindow, warmup, timeout, messageBytes,
                value);
    }

    /** The prefetch of the ebats worker and of the baseline's consumer: the worker's default for the concurrency. */
    public int prefetch() {
        return Worker.Builder.defaultPrefetch(concurrency);
    }

    /** The body every message of the run carries. */
    Payload payload() {
        return new Payload(messageBytes);
    }

    /** The bound on a round of {@code count} messages. */
    Duration roundTimeout(int count) {
        return timeout != null ? timeout : Duration.ofSeconds(30).plusMillis(5L * count);
    }

    /** A duration for messages: {@code 12.5 s}. */
    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static int defaultWarmup(int messages) {
        return Math.min(MAX_DEFAULT_WARMUP, messages / 2);
    }
}
