package io.ebats.internal.broker;

import java.time.Duration;

/**
 * The binary TTL ladder that delays messages without a plugin (NServiceBus / Celery style). Level L is a
 * topic exchange and a queue whose TTL is 2^L ms and whose dead-letter exchange is level L-1. The delay is
 * written in binary into the routing key, most significant level first, before the topic:
 * {@code 0.0.1.0.1.demo}. Each level sends the message through its queue when its digit is 1 and straight
 * down when 0; level 0 ends in the delivery exchange, which routes to the topic's queue. Each queue has one
 * TTL, so no message waits behind a longer one.
 */
final class DelayLadder {

    private final TopologyNames names;
    private final int levels;

    DelayLadder(TopologyNames names, int levels) {
        this.names = names;
        this.levels = levels;
    }

    int levels() {
        return levels;
    }

    /** The longest delay the ladder expresses. */
    Duration maxDelay() {
        return Duration.ofMillis((1L << levels) - 1);
    }

    /**
     * Where to publish a message due after {@code delay}: the level of its highest 1 digit. Every level above
     * would only pass it down (its digit there is 0), and each topic exchange passed costs the broker a match of
     * the whole key: entering at the top, a 10 s delay crosses 21 exchanges for nothing, which limits a channel
     * to a few hundred delayed publishes a second. A delay of 0 enters at level 0.
     */
    String entryExchange(Duration delay) {
        long millis = delay.toMillis();
        return names.delayLevel(millis <= 0 ? 0 : 63 - Long.numberOfLeadingZeros(millis));
    }

    /**
     * The routing key that carries {@code delay} through the ladder to {@code topic}.
     *
     * @throws IllegalArgumentException when the delay is negative or longer than the ladder allows
     */
    String routingKey(Duration delay, String topic) {
        long millis = delay.toMillis();
        if (millis < 0 || millis >= (1L << levels)) {
            throw new IllegalArgumentException("delay must be between 0 and " + maxDelay().toMillis()
                    + " ms (" + levels + " delay levels), was " + millis + " ms");
        }
        StringBuilder key = new StringBuilder(levels * 2 + topic.length());
        for (int level = levels - 1; level >= 0; level--) {
            key.append((millis >>> level) & 1L).append('.');
        }
        return key.append(topic).toString();
    }

    /** Binding of level L's exchange to its own queue: the level's digit is 1. */
    String bindingToQueue(int level) {
        return "*.".repeat(levels - 1 - level) + "1.#";
    }

    /** Binding of level L's exchange to the level below: the level's digit is 0. */
    String bindingToNext(int level) {
        return "*.".repeat(levels - 1 - level) + "0.#";
    }

    /** Binding of the delivery exchange to a topic's queue: exactly {@code levels} digits, then the topic. */
    String deliveryBinding(String topic) {
        return "*.".repeat(levels) + topic;
    }

    /** Where level L sends messages on: level L-1, or the delivery exchange after level 0. */
    String below(int level) {
        return level == 0 ? names.delayDelivery() : names.delayLevel(level - 1);
    }
}
