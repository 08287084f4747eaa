package io.ebats.internal.broker;

import io.ebats.QueueType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The declare arguments of each kind of queue, per queue type. Every quorum queue states how often the broker
 * delivers a message (RabbitMQ 4 limits it to 20 by default and then drops the message): queues that consumers
 * read allow {@link #BROKER_DELIVERY_LIMIT} deliveries, above ebats's own redelivery limit, and then
 * dead-letter the message to their dead-letter queue; dead-letter and delay queues allow
 * {@link #UNLIMITED_DELIVERIES} (RabbitMQ 3.x drops a message at once under a limit of -1, so no negative value).
 */
final class QueueArguments {

    /** Deliveries of one message allowed by a queue that consumers read, above ebats's own limit of 20. */
    static final int BROKER_DELIVERY_LIMIT = 100;
    /** Deliveries allowed where ebats never wants the broker to count: a billion, as good as none. */
    static final int UNLIMITED_DELIVERIES = 1_000_000_000;

    private QueueArguments() {
    }

    /** The arguments every durable queue of ebats is declared with. */
    static Map<String, Object> durable(QueueType type) {
        Map<String, Object> args = new HashMap<>();
        args.put("x-queue-type", type == QueueType.QUORUM ? "quorum" : "classic");
        return args;
    }

    /**
     * A queue that consumers read (a topic's tasks, the scheduler's events, a custom consumer's messages): a
     * message the broker stops delivering goes to {@code deadQueue}, through the default exchange, with its
     * {@code x-death} header.
     */
    static QueueSpec consumed(QueueType type, String queue, String deadQueue) {
        Map<String, Object> earlier = durable(type);
        if (type != QueueType.QUORUM) {
            return QueueSpec.unchanged(earlier);
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("delivery-limit", BROKER_DELIVERY_LIMIT);
        policy.put("dead-letter-exchange", "");
        policy.put("dead-letter-routing-key", deadQueue);
        policy.put("dead-letter-strategy", "at-least-once");
        policy.put("overflow", "reject-publish");
        return withPolicy(earlier, new QueueSpec.Policy("ebats-" + queue, exactly(queue), policy));
    }

    /** A dead-letter queue: read by listing, which counts as a delivery, so the broker never stops delivering. */
    static QueueSpec deadLetters(QueueType type, TopologyNames names) {
        return unlimited(type, durable(type), names);
    }

    /**
     * A level of the shared delay ladder: fixed TTL, dead-lettered to the level below, never dropping on overflow.
     * No older ebats declared the shared ladder, so it has no earlier form.
     */
    static QueueSpec ladderLevel(QueueType type, long ttlMillis, String deadLetterExchange) {
        Map<String, Object> args = durable(type);
        args.put("x-message-ttl", ttlMillis);
        args.put("x-dead-letter-exchange", deadLetterExchange);
        if (type == QueueType.QUORUM) {
            args.put("x-dead-letter-strategy", "at-least-once");
            args.put("x-overflow", "reject-publish");
            args.put("x-delivery-limit", UNLIMITED_DELIVERIES);
        }
        return QueueSpec.unchanged(args);
    }

    /**
     * The schedules' state and lock: one active consumer, the firing process, which holds the state unacknowledged
     * and returns it on every handover, so never limited in deliveries.
     */
    static QueueSpec schedules(QueueType type) {
        Map<String, Object> args = durable(type);
        args.put("x-single-active-consumer", true);
        if (type == QueueType.QUORUM) {
            args.put("x-delivery-limit", UNLIMITED_DELIVERIES);
        }
        return QueueSpec.unchanged(args);
    }

    /** The shared ladder's queue of delayed messages whose own queue is gone: read like dead letters. */
    static QueueSpec ladderUndeliverable(QueueType type) {
        Map<String, Object> args = durable(type);
        if (type == QueueType.QUORUM) {
            args.put("x-delivery-limit", UNLIMITED_DELIVERIES);
        }
        return QueueSpec.unchanged(args);
    }

    /**
     * One policy serves the dead-letter queues of a namespace and the levels of the namespace's own ladder that an
     * older ebats may have left: their names share two prefixes.
     */
    private static QueueSpec unlimited(QueueType type, Map<String, Object> earlier, TopologyNames names) {
        if (type != QueueType.QUORUM) {
            return QueueSpec.unchanged(earlier);
        }
        return withPolicy(earlier, new QueueSpec.Policy("ebats-" + names.namespace() + "-unlimited-deliveries",
                "^" + literal(names.namespace() + ".") + "(dead|delay)\\.",
                Map.of("delivery-limit", UNLIMITED_DELIVERIES)));
    }

    /** The earlier arguments and, as {@code x-} arguments, what the policy adds. */
    private static QueueSpec withPolicy(Map<String, Object> earlier, QueueSpec.Policy policy) {
        Map<String, Object> args = new HashMap<>(earlier);
        policy.definition().forEach((key, value) -> args.put("x-" + key, value));
        return new QueueSpec(args, earlier, policy);
    }

    private static String exactly(String name) {
        return "^" + literal(name) + "$";
    }

    /** The name as a regular expression that matches only itself (policy patterns are regular expressions). */
    static String literal(String name) {
        StringBuilder pattern = new StringBuilder(name.length() + 8);
        for (char c : name.toCharArray()) {
            if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.toString();
    }
}
