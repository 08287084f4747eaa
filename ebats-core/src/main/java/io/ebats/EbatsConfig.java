package io.ebats;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Engine settings shared by every part of a process: broker, the namespace that prefixes every exchange and
 * queue name, queue type, the delay ladder's size and the publish bound.
 *
 * <p>Immutable; build with {@link #defaults()} and the {@code with*} methods, or load from a file with
 * {@link ConfigFile}.
 *
 * @param broker          where the broker is
 * @param namespace       prefix of every exchange and queue name ({@value #DEFAULT_NAMESPACE})
 * @param queueType       task, delay and dead-letter queue type
 * @param delayLevels     levels of the delay ladder; the longest delay is 2^levels - 1 ms
 * @param publishTimeout  how long a publish waits for the broker's confirm before it fails
 * @param maxMessageBytes messages larger than this are refused when published and dead-lettered when consumed
 * @param brokerType      the broker's kind, or {@link BrokerType#AUTO} to detect it
 */
public record EbatsConfig(BrokerSettings broker, String namespace, QueueType queueType, int delayLevels,
                          Duration publishTimeout, int maxMessageBytes, BrokerType brokerType) {

    public static final String DEFAULT_NAMESPACE = "ebats";
    /** 2^35 ms is about 397 days. */
    public static final int DEFAULT_DELAY_LEVELS = 35;
    public static final int MAX_DELAY_LEVELS = 42;
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

    public EbatsConfig {
        Objects.requireNonNull(broker, "broker");
        Names.require("namespace", namespace);
        Objects.requireNonNull(queueType, "queueType");
        if (delayLevels < 1 || delayLevels > MAX_DELAY_LEVELS) {
            throw new IllegalArgumentException(
                    "delayLevels must be between 1 and " + MAX_DELAY_LEVELS + ", was " + delayLevels);
        }
        if (publishTimeout == null || publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("publishTimeout must be positive, was " + publishTimeout);
        }
        Objects.requireNonNull(brokerType, "brokerType");
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + maxMessageBytes);
        }
    }

    /** Local RabbitMQ, namespace {@code ebats}, quorum queues, 35 delay levels, 10 s publish bound. */
    public static EbatsConfig defaults() {
        return new EbatsConfig(BrokerSettings.defaults(), DEFAULT_NAMESPACE, QueueType.QUORUM,
                DEFAULT_DELAY_LEVELS, DEFAULT_PUBLISH_TIMEOUT, DEFAULT_MAX_MESSAGE_BYTES, BrokerType.AUTO);
    }

    /** Defaults with {@code EBATS_*} environment variables applied. */
    public static EbatsConfig fromEnvironment() {
        return defaults().withEnvironment(System.getenv());
    }

    public EbatsConfig withBroker(BrokerSettings value) {
        return new EbatsConfig(value, namespace, queueType, delayLevels, publishTimeout, maxMessageBytes, brokerType);
    }

    public EbatsConfig withNamespace(String value) {
        return new EbatsConfig(broker, value, queueType, delayLevels, publishTimeout, maxMessageBytes, brokerType);
    }

    public EbatsConfig withQueueType(QueueType value) {
        return new EbatsConfig(broker, namespace, value, delayLevels, publishTimeout, maxMessageBytes, brokerType);
    }

    public EbatsConfig withDelayLevels(int value) {
        return new EbatsConfig(broker, namespace, queueType, value, publishTimeout, maxMessageBytes, brokerType);
    }

    public EbatsConfig withPublishTimeout(Duration value) {
        return new EbatsConfig(broker, namespace, queueType, delayLevels, value, maxMessageBytes, brokerType);
    }

    public EbatsConfig withMaxMessageBytes(int value) {
        return new EbatsConfig(broker, namespace, queueType, delayLevels, publishTimeout, value, brokerType);
    }

    public EbatsConfig withBrokerType(BrokerType value) {
        return new EbatsConfig(broker, namespace, queueType, delayLevels, publishTimeout, maxMessageBytes, value);
    }

    /** The longest delay the ladder can express. */
    public Duration maxDelay() {
        return Duration.ofMillis((1L << delayLevels) - 1);
    }

    /**
     * Applies the broker variables of {@link BrokerSettings#withEnvironment} and {@code EBATS_NAMESPACE},
     * {@code EBATS_QUEUE_TYPE} ({@code quorum|classic}), {@code EBATS_BROKER_TYPE} ({@code auto|rabbitmq|qpid}),
     * {@code EBATS_PUBLISH_TIMEOUT}.
     */
    public EbatsConfig withEnvironment(Map<String, String> env) {
        EbatsConfig c = withBroker(broker.withEnvironment(env));
        String ns = env.get("EBATS_NAMESPACE");
        if (ns != null && !ns.isBlank()) c = c.withNamespace(ns.trim());
        String type = env.get("EBATS_QUEUE_TYPE");
        if (type != null && !type.isBlank()) c = c.withQueueType(parseQueueType("EBATS_QUEUE_TYPE", type));
        String kind = env.get("EBATS_BROKER_TYPE");
        if (kind != null && !kind.isBlank()) c = c.withBrokerType(parseBrokerType("EBATS_BROKER_TYPE", kind));
        String timeout = env.get("EBATS_PUBLISH_TIMEOUT");
        if (timeout != null && !timeout.isBlank()) {
            c = c.withPublishTimeout(Durations.parse("EBATS_PUBLISH_TIMEOUT", timeout));
        }
        return c;
    }

    static BrokerType parseBrokerType(String what, String text) {
        try {
            return BrokerType.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be auto, rabbitmq or qpid, was '" + text + "'");
        }
    }

    static QueueType parseQueueType(String what, String text) {
        try {
            return QueueType.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be quorum or classic, was '" + text + "'");
        }
    }
}
