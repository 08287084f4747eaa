package io.ebats.examples;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The params of the order tasks: {@code {"order_id": "FB138020392193312"}}. */
public record OrderRef(@JsonProperty("order_id") String orderId) {
}
