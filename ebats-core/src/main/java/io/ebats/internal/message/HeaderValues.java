package io.ebats.internal.message;

import com.rabbitmq.client.LongString;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads AMQP header values, which arrive as {@link LongString}, boxed numbers, lists or tables. */
public final class HeaderValues {

    private HeaderValues() {
    }

    public static String string(Map<String, Object> headers, String name) {
        Object value = headers == null ? null : headers.get(name);
        return value == null ? null : value.toString();
    }

    /**
     * @return the header as a long, or {@code fallback} when absent
     * @throws MalformedMessageException when present but not a whole number
     */
    public static long number(Map<String, Object> headers, String name, long fallback) {
        Object value = headers == null ? null : headers.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new MalformedMessageException("header " + name + " must be a whole number, was '" + value + "'");
        }
    }

    /**
     * @return the header as a double, or {@code fallback} when absent
     * @throws MalformedMessageException when present but not a number
     */
    public static double decimal(Map<String, Object> headers, String name, double fallback) {
        Object value = headers == null ? null : headers.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new MalformedMessageException("header " + name + " must be a number, was '" + value + "'");
        }
    }

    /** Headers with {@link LongString}s turned into Strings, recursively, for display and JSON. */
    public static Map<String, Object> readable(Map<String, Object> headers) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> out.put(k, readable(v)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object readable(Object value) {
        if (value instanceof LongString || value instanceof byte[]) {
            return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                    : value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return readable((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(HeaderValues::readable).toList();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        return value;
    }
}
