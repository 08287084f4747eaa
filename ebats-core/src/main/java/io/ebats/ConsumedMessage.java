package io.ebats;

import io.ebats.internal.message.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A message a custom consumer received from an arbitrary exchange.
 *
 * @param exchange   the exchange it was published to
 * @param routingKey the routing key it was published with
 * @param messageId  the AMQP message id, or null
 * @param headers    the AMQP headers, with values as strings, numbers or booleans
 * @param body       the raw body
 */
public record ConsumedMessage(String exchange, String routingKey, String messageId, Map<String, Object> headers,
                              byte[] body) {

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body as a JSON object.
     *
     * @throws IllegalArgumentException when it is not a JSON object
     */
    public Map<String, Object> json() {
        return Json.readObject(body);
    }
}
