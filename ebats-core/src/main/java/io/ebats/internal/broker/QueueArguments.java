package io.ebats.internal.broker;

import io.ebats.QueueType;
import java.util.HashMap;
import java.util.Map;

/** The declare arguments of each kind of queue, per queue type. */
final class QueueArguments {

    private QueueArguments() {
    }

    /** Task, scheduler and dead-letter queues. */
    static Map<String, Object> durable(QueueType type) {
        Map<String, Object> args = new HashMap<>();
        args.put("x-queue-type", type == QueueType.QUORUM ? "quorum" : "classic");
        return args;
    }

    /** A delay-ladder level: fixed TTL, dead-lettered to the level below, never dropping on overflow. */
    static Map<String, Object> delayLevel(QueueType type, long ttlMillis, String deadLetterExchange) {
        Map<String, Object> args = durable(type);
        args.put("x-message-ttl", ttlMillis);
        args.put("x-dead-letter-exchange", deadLetterExchange);
        if (type == QueueType.QUORUM) {
            args.put("x-dead-letter-strategy", "at-least-once");
            args.put("x-overflow", "reject-publish");
        }
        return args;
    }
}
