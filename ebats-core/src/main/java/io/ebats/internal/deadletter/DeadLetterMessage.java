package io.ebats.internal.deadletter;

import com.rabbitmq.client.AMQP;
import io.ebats.internal.message.Headers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/** Builds the properties of a dead letter: the original message plus headers naming why it died. */
public final class DeadLetterMessage {

    public static final int STACK_EXCERPT_CHARS = 2000;
    private static final int ERROR_MESSAGE_CHARS = 1000;

    private DeadLetterMessage() {
    }

    /**
     * @param original    the properties of the message that died
     * @param reason      a short reason code ({@code task-exception}, {@code attempts-exhausted}, ...)
     * @param error       the error, or null
     * @param detail      the reason in words when there is no error, or null
     * @param attempts    attempts made
     * @param sourceQueue the queue the message came from; replay sends it back there
     * @param routingKey  the routing key it was originally published with
     */
    public static AMQP.BasicProperties properties(AMQP.BasicProperties original, String reason, Throwable error,
                                                  String detail, int attempts, String sourceQueue,
                                                  String routingKey) {
        Map<String, Object> headers = new HashMap<>();
        if (original.getHeaders() != null) {
            original.getHeaders().forEach((k, v) -> {
                if (!k.startsWith("x-death") && !k.startsWith("x-first-death") && !k.startsWith("x-last-death")
                        && !k.equals("x-delivery-count")) {
                    headers.put(k, v);
                }
            });
        }
        headers.put(Headers.DEAD_REASON, reason);
        headers.put(Headers.DEAD_AT, System.currentTimeMillis());
        headers.put(Headers.ATTEMPTS, attempts);
        headers.put(Headers.SOURCE_QUEUE, sourceQueue);
        headers.putIfAbsent(Headers.ROUTING_KEY, routingKey);
        if (error != null) {
            headers.put(Headers.ERROR_CLASS, error.getClass().getName());
            headers.put(Headers.ERROR_MESSAGE, truncate(String.valueOf(error.getMessage()), ERROR_MESSAGE_CHARS));
            headers.put(Headers.ERROR_STACK, stackExcerpt(error));
        } else if (detail != null) {
            headers.put(Headers.ERROR_MESSAGE, truncate(detail, ERROR_MESSAGE_CHARS));
        }
        return original.builder()
                .deliveryMode(2)
                .headers(headers)
                .expiration(null)
                .build();
    }

    static String stackExcerpt(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return truncate(out.toString(), STACK_EXCERPT_CHARS);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
