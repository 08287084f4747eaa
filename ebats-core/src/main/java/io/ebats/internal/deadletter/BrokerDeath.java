package io.ebats.internal.deadletter;

import io.ebats.internal.message.HeaderValues;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * What the broker says of a message it dead-lettered itself (RabbitMQ's {@code x-death} and
 * {@code x-first-death-*} headers): a quorum queue does so when a message reaches the queue's delivery limit.
 *
 * @param cause      the broker's reason, such as {@code delivery_limit}
 * @param queue      the queue the message died in, where a replay returns it
 * @param routingKey the routing key the message had been published with; null when the broker did not say
 * @param deadAt     when, in epoch milliseconds; 0 when the broker did not say
 */
record BrokerDeath(String cause, String queue, String routingKey, long deadAt) {

    /** The headers the broker adds when it dead-letters a message; a replay removes them. */
    static final List<String> HEADERS = List.of("x-death", "x-first-death-reason", "x-first-death-queue",
            "x-first-death-exchange", "x-last-death-reason", "x-last-death-queue", "x-last-death-exchange",
            "x-delivery-count");

    /** The broker's account of the first death, or null when the broker did not dead-letter the message. */
    static BrokerDeath of(Map<String, Object> headers) {
        String cause = HeaderValues.string(headers, "x-first-death-reason");
        String queue = HeaderValues.string(headers, "x-first-death-queue");
        if (cause == null || queue == null) {
            return null;
        }
        Map<?, ?> first = firstDeath(headers);
        Object time = first == null ? null : first.get("time");
        Object keys = first == null ? null : first.get("routing-keys");
        String routingKey = keys instanceof List<?> list && !list.isEmpty() && list.get(0) != null
                ? list.get(0).toString() : null;
        return new BrokerDeath(cause, queue, routingKey, time instanceof Date date ? date.getTime() : 0);
    }

    /** The reason as ebats names reasons: {@code broker-delivery-limit}. */
    String reason() {
        return "broker-" + cause.replace('_', '-');
    }

    String describe() {
        return "dead-lettered by the broker from queue " + queue + " (" + cause + ")";
    }

    /** The oldest entry of {@code x-death}, which lists the newest first. */
    private static Map<?, ?> firstDeath(Map<String, Object> headers) {
        if (headers.get("x-death") instanceof List<?> deaths && !deaths.isEmpty()
                && deaths.get(deaths.size() - 1) instanceof Map<?, ?> first) {
            return first;
        }
        return null;
    }
}
