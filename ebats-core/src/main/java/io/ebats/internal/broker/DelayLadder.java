package io.ebats.internal.broker;

import io.ebats.EbatsConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The binary TTL ladder that delays messages without a plugin (NServiceBus / Celery style), one per virtual host
 * and shared by every namespace that names it. Level L is a topic exchange and a queue whose TTL is 2^L ms and
 * whose dead-letter exchange is level L-1. The delay is written in binary into the routing key, always
 * {@value #DIGITS} digits, most significant first, followed by the name of the queue the message is for:
 * {@code 0.0.…1.0.1.ebats.task.demo}. Each level sends the message through its queue when its digit is 1 and
 * straight down when 0; level 0 ends in the exit exchange, which routes to the queue named in the key. Each
 * queue has one TTL, so no message waits behind a longer one. Because the width of the key does not depend on
 * how many levels a deployment uses, namespaces of different {@code delayLevels} share the levels they have in
 * common; because the key ends with a queue name, which is unique in the virtual host, no namespace receives
 * another's messages. What the exit cannot route (its queue was deleted) goes to the ladder's undeliverable
 * queue, through the exit's alternate exchange, instead of staying stuck in level 0.
 */
final class DelayLadder {

    /** Digits of every routing key: enough for the longest ladder any deployment may use. */
    static final int DIGITS = EbatsConfig.MAX_DELAY_LEVELS;
    /** AMQP routing and binding keys are short strings. */
    private static final int MAX_KEY_BYTES = 255;

    private final String name;
    private final int levels;

    /**
     * @param name   the ladder's name, prefix of its exchanges and queues
     * @param levels the levels this process uses (and declares), 1 to {@value #DIGITS}
     */
    DelayLadder(String name, int levels) {
        if (levels < 1 || levels > DIGITS) {
            throw new IllegalArgumentException("levels must be between 1 and " + DIGITS + ", was " + levels);
        }
        this.name = name;
        this.levels = levels;
    }

    String name() {
        return name;
    }

    int levels() {
        return levels;
    }

    /** Level L's exchange and queue. */
    String level(int level) {
        return name + "." + (level < 10 ? "0" : "") + level;
    }

    /** The topic exchange after level 0 that routes each message to the queue its key names. */
    String exit() {
        return name + ".exit";
    }

    /** The fanout exchange and queue that keep what the exit cannot route. */
    String undeliverable() {
        return name + ".undeliverable";
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
        return level(millis <= 0 ? 0 : 63 - Long.numberOfLeadingZeros(millis));
    }

    /**
     * The routing key that carries {@code delay} through the ladder to {@code queue}.
     *
     * @throws IllegalArgumentException when the delay is negative or longer than the ladder allows, or the key
     *                                  would be longer than AMQP allows
     */
    String routingKey(Duration delay, String queue) {
        long millis = delay.toMillis();
        if (millis < 0 || millis >= (1L << levels)) {
            throw new IllegalArgumentException("delay must be between 0 and " + maxDelay().toMillis()
                    + " ms (" + levels + " delay levels), was " + millis + " ms");
        }
        StringBuilder key = new StringBuilder(DIGITS * 2 + queue.length());
        for (int digit = DIGITS - 1; digit >= 0; digit--) {
            key.append((millis >>> digit) & 1L).append('.');
        }
        return checkLength(key.append(queue).toString(), queue);
    }

    /** Binding of level L's exchange to its own queue: the level's digit is 1. */
    String bindingToQueue(int level) {
        return "*.".repeat(DIGITS - 1 - level) + "1.#";
    }

    /** Binding of level L's exchange to the level below: the level's digit is 0. */
    String bindingToNext(int level) {
        return "*.".repeat(DIGITS - 1 - level) + "0.#";
    }

    /**
     * Binding of the exit to {@code queue}: exactly {@value #DIGITS} digits, then the queue's name.
     *
     * @throws IllegalArgumentException when the key would be longer than AMQP allows
     */
    String exitBinding(String queue) {
        return checkLength("*.".repeat(DIGITS) + queue, queue);
    }

    /** Where level L sends messages on: level L-1, or the exit after level 0. */
    String below(int level) {
        return level == 0 ? exit() : level(level - 1);
    }

    /** The longest queue name (in UTF-8 bytes) whose delayed messages fit into a routing key. */
    static int maxQueueBytes() {
        return MAX_KEY_BYTES - DIGITS * 2;
    }

    private static String checkLength(String key, String queue) {
        int bytes = queue.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxQueueBytes()) {
            throw new IllegalArgumentException("queue " + queue + " is too long for delayed tasks: its name is "
                    + bytes + " bytes, and the delay ladder's routing key, " + DIGITS + " digits and the name, may "
                    + "hold at most " + maxQueueBytes() + " (shorten the namespace or the topic)");
        }
        return key;
    }
}
