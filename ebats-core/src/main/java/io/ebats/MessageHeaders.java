package io.ebats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The rules for headers of other parties (a W3C {@code traceparent}, say) that events and tasks carry besides
 * ebats's own: a name must not be blank and must not be a reserved name, which ebats or the broker would
 * overwrite or drop.
 */
final class MessageHeaders {

    private MessageHeaders() {
    }

    /**
     * Checks one header.
     *
     * @throws IllegalArgumentException naming the header when its name is blank or reserved
     * @throws NullPointerException     when the value is null
     */
    static String require(String name, String value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("header name must not be blank");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("x-ebats-") || lower.startsWith("x-death") || lower.startsWith("x-first-death")
                || lower.startsWith("x-last-death") || lower.equals("x-delivery-count") || lower.startsWith("x-qpid-")) {
            throw new IllegalArgumentException("header " + name + " is reserved: names starting with x-ebats- are "
                    + "ebats's own, and x-death*, x-first-death*, x-last-death*, x-delivery-count and x-qpid-* the "
                    + "broker's (docs/protocol.md, section 3.3)");
        }
        Objects.requireNonNull(value, () -> "value of header " + name);
        return name;
    }

    /** A checked, unmodifiable copy that keeps the order. */
    static Map<String, String> copy(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> copy.put(require(name, value), value));
        return Collections.unmodifiableMap(copy);
    }
}
