package io.ebats;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Engine settings shared by every part of a process: broker, the namespace that prefixes every exchange and
 * queue name, queue type, the delay ladder's size and the publish bound.
 *
 * <p>Immutable and thread-safe. Start from {@link #defaults()} or {@link #fromEnvironment()}, set fields with
 * {@link #builder()} (or adjust existing settings with {@link #toBuilder()}), or load a file with
 * {@link ConfigFile}.
 *
 * @param broker          where the broker is
 * @param namespace       prefix of every exchange and queue name ({@value #DEFAULT_NAMESPACE})
 * @param queueType       task, delay and dead-letter queue type
 * @param delayLevels     levels of the delay ladder; the longest delay is 2^levels - 1 ms
 * @param delayLadder     name of the delay ladder, shared by the namespaces of a virtual host that name it
 *                        ({@value #DEFAULT_DELAY_LADDER} for quorum queues, {@value #DEFAULT_CLASSIC_DELAY_LADDER}
 *                        for classic ones)
 * @param publishTimeout  how long a publish waits for the broker's confirm before it fails
 * @param maxMessageBytes messages larger than this are refused when published and dead-lettered when consumed
 * @param brokerType      the broker's kind, or {@link BrokerType#AUTO} to detect it
 */
public record EbatsConfig(BrokerSettings broker, String namespace, QueueType queueType, int delayLevels,
                          String delayLadder, Duration publishTimeout, int maxMessageBytes, BrokerType brokerType) {

    public static final String DEFAULT_NAMESPACE = "ebats";
    public static final QueueType DEFAULT_QUEUE_TYPE = QueueType.QUORUM;
    /** 2^35 ms is about 397 days. */
    public static final int DEFAULT_DELAY_LEVELS = 35;
    public static final int MAX_DELAY_LEVELS = 42;
    /** The delay ladder of quorum deployments, one per virtual host. */
    public static final String DEFAULT_DELAY_LADDER = "ebats.ladder";
    /** The delay ladder of classic deployments: a ladder's queues have one type. */
    public static final String DEFAULT_CLASSIC_DELAY_LADDER = "ebats.ladder-classic";
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
    public static final int MIN_MAX_MESSAGE_BYTES = 1024;
    public static final BrokerType DEFAULT_BROKER_TYPE = BrokerType.AUTO;

    /** Prefer {@link #builder()}: the constructor takes every field in order. */
    public EbatsConfig {
        Objects.requireNonNull(broker, "broker");
        Names.require("namespace", namespace);
        Objects.requireNonNull(queueType, "queueType");
        checkDelayLevels(delayLevels);
        checkDelayLadder(delayLadder);
        checkPublishTimeout(publishTimeout);
        checkMaxMessageBytes(maxMessageBytes);
        Objects.requireNonNull(brokerType, "brokerType");
    }

    /** Local RabbitMQ, namespace {@code ebats}, quorum queues, 35 delay levels, 10 s publish bound. */
    public static EbatsConfig defaults() {
        return builder().build();
    }

    /** Defaults with the {@code EBATS_*} environment variables of {@link Builder#environment} applied. */
    public static EbatsConfig fromEnvironment() {
        return builder().environment(System.getenv()).build();
    }

    /** A builder holding the {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The longest delay the ladder can express. */
    public Duration maxDelay() {
        return Duration.ofMillis((1L << delayLevels) - 1);
    }

    /**
     * Builds an {@link EbatsConfig}; every setter checks its value at once and names the field and the limit in
     * its error. Not thread-safe: use one builder on one thread.
     */
    public static final class Builder {
        private BrokerSettings broker = BrokerSettings.defaults();
        private String namespace = DEFAULT_NAMESPACE;
        private QueueType queueType = DEFAULT_QUEUE_TYPE;
        private int delayLevels = DEFAULT_DELAY_LEVELS;
        private String delayLadder; // null: the default of the queue type
        private Duration publishTimeout = DEFAULT_PUBLISH_TIMEOUT;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private BrokerType brokerType = DEFAULT_BROKER_TYPE;

        private Builder() {
        }

        private Builder(EbatsConfig c) {
            broker = c.broker;
            namespace = c.namespace;
            queueType = c.queueType;
            delayLevels = c.delayLevels;
            delayLadder = c.delayLadder.equals(defaultDelayLadder(c.queueType)) ? null : c.delayLadder;
            publishTimeout = c.publishTimeout;
            maxMessageBytes = c.maxMessageBytes;
            brokerType = c.brokerType;
        }

        /** Where the broker is; default {@link BrokerSettings#defaults()}. */
        public Builder broker(BrokerSettings value) {
            broker = Objects.requireNonNull(value, "broker");
            return this;
        }

        /** Prefix of every exchange and queue name; default {@value #DEFAULT_NAMESPACE}. */
        public Builder namespace(String value) {
            namespace = Names.require("namespace", value);
            return this;
        }

        /** Type of the task, delay and dead-letter queues; default {@link QueueType#QUORUM}. */
        public Builder queueType(QueueType value) {
            queueType = Objects.requireNonNull(value, "queueType");
            return this;
        }

        /** Levels of the delay ladder, 1 to {@value #MAX_DELAY_LEVELS}; default {@value #DEFAULT_DELAY_LEVELS}. */
        public Builder delayLevels(int value) {
            delayLevels = checkDelayLevels(value);
            return this;
        }

        /**
         * Name of the delay ladder, prefix of its exchanges and queues, shared by every namespace of the virtual
         * host that names it; default {@value #DEFAULT_DELAY_LADDER} for quorum queues and
         * {@value #DEFAULT_CLASSIC_DELAY_LADDER} for classic ones. A name within the namespace gives the namespace
         * a ladder of its own, deleted with it.
         */
        public Builder delayLadder(String value) {
            delayLadder = checkDelayLadder(value);
            return this;
        }

        /** How long a publish waits for the broker's confirm; positive, default {@link #DEFAULT_PUBLISH_TIMEOUT}. */
        public Builder publishTimeout(Duration value) {
            publishTimeout = checkPublishTimeout(value);
            return this;
        }

        /** Largest message published or consumed; at least {@value #MIN_MAX_MESSAGE_BYTES}, default 1 MiB. */
        public Builder maxMessageBytes(int value) {
            maxMessageBytes = checkMaxMessageBytes(value);
            return this;
        }

        /** The broker's kind; default {@link BrokerType#AUTO}, detected when connecting. */
        public Builder brokerType(BrokerType value) {
            brokerType = Objects.requireNonNull(value, "brokerType");
            return this;
        }

        /**
         * Applies the broker variables of {@link BrokerSettings.Builder#environment} and {@code EBATS_NAMESPACE},
         * {@code EBATS_QUEUE_TYPE} ({@code quorum|classic}), {@code EBATS_BROKER_TYPE}
         * ({@code auto|rabbitmq|qpid}), {@code EBATS_DELAY_LADDER} and {@code EBATS_PUBLISH_TIMEOUT} over the values set so far; blank
         * variables change nothing.
         *
         * @throws IllegalArgumentException naming the variable when its value is wrong
         */
        public Builder environment(Map<String, String> env) {
            broker = broker.toBuilder().environment(env).build();
            Variables vars = new Variables(env);
            vars.ifSet("EBATS_NAMESPACE", "namespace", value -> namespace(value.trim()));
            vars.ifSet("EBATS_QUEUE_TYPE", "queueType",
                    value -> queueType(parseQueueType("EBATS_QUEUE_TYPE", value)));
            vars.ifSet("EBATS_BROKER_TYPE", "brokerType",
                    value -> brokerType(parseBrokerType("EBATS_BROKER_TYPE", value)));
            vars.ifSet("EBATS_DELAY_LADDER", "delayLadder", value -> delayLadder(value.trim()));
            vars.ifSet("EBATS_PUBLISH_TIMEOUT", "publishTimeout",
                    value -> publishTimeout(Durations.parse("EBATS_PUBLISH_TIMEOUT", value)));
            return this;
        }

        public EbatsConfig build() {
            return new EbatsConfig(broker, namespace, queueType, delayLevels,
                    delayLadder == null ? defaultDelayLadder(queueType) : delayLadder, publishTimeout, maxMessageBytes,
                    brokerType);
        }
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

    private static int checkDelayLevels(int levels) {
        if (levels < 1 || levels > MAX_DELAY_LEVELS) {
            throw new IllegalArgumentException(
                    "delayLevels must be between 1 and " + MAX_DELAY_LEVELS + ", was " + levels);
        }
        return levels;
    }

    static String defaultDelayLadder(QueueType type) {
        return type == QueueType.CLASSIC ? DEFAULT_CLASSIC_DELAY_LADDER : DEFAULT_DELAY_LADDER;
    }

    /** A name whose levels could be a namespace's own ladder of an older ebats ({@code NS.delay.LL}) is refused. */
    private static String checkDelayLadder(String name) {
        Names.require("delayLadder", name);
        if (name.endsWith(".delay")) {
            throw new IllegalArgumentException("delayLadder must not end with '.delay' (the levels of a namespace's "
                    + "own ladder in earlier versions are named NAMESPACE.delay.LL), was '" + name + "'");
        }
        return name;
    }

    private static Duration checkPublishTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("publishTimeout must be positive, was " + timeout);
        }
        return timeout;
    }

    private static int checkMaxMessageBytes(int bytes) {
        if (bytes < MIN_MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException(
                    "maxMessageBytes must be at least " + MIN_MAX_MESSAGE_BYTES + ", was " + bytes);
        }
        return bytes;
    }
}
