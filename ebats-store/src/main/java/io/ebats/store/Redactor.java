package io.ebats.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Replaces the values of sensitive keys, at any depth of a JSON document, with {@value #MASK}. */
final class Redactor {

    static final String MASK = "***";
    /** Stored for params that mention a key but cannot be parsed to redact only its value: a JSON string. */
    static final String UNREADABLE = "\"*** (unparsable params that mention a redacted key)\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> keys;
    /** The keys again, for the scan of every record: an array is cheaper to walk than a set. */
    private final String[] keyArray;
    /** Bit n set when a key is n characters long (n < 64): most names are told apart by their length alone. */
    private final long keyLengths;

    Redactor(Set<String> keys) {
        this.keys = keys.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.keyArray = this.keys.toArray(String[]::new);
        long lengths = 0;
        for (String key : keyArray) {
            lengths |= key.length() < 64 ? 1L << key.length() : 0;
        }
        this.keyLengths = lengths;
    }

    /**
     * The JSON with redacted values. Text that cannot be parsed (not JSON, or nested deeper than the parser
     * allows) is returned as it is unless it mentions a key in any case; then all of it is {@link #UNREADABLE}.
     */
    String redact(String json) {
        if (json == null || json.isBlank() || keys.isEmpty() || holdsNoKey(json)) {
            return json;
        }
        try {
            JsonNode root = JSON.readTree(json);
            return walk(root) ? JSON.writeValueAsString(root) : json;
        } catch (JsonProcessingException e) {
            return mentionsKey(json) ? UNREADABLE : json;
        }
    }

    private boolean mentionsKey(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String key : keyArray) {
            if (lower.contains(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when no field name of the JSON is a key, told without parsing it: the text is plain ASCII without
     * escapes, so every {@code "..."} is a string as written, and a name is a string followed by a colon.
     */
    private boolean holdsNoKey(String json) {
        int length = json.length();
        for (int i = 0; i < length; i++) {
            char c = json.charAt(i);
            if (c >= 0x80 || c == '\\') {
                return false;
            }
        }
        for (int i = json.indexOf('"'); i >= 0; i = json.indexOf('"', i + 1)) {
            int end = json.indexOf('"', i + 1);
            if (end < 0) {
                return false;
            }
            int next = end + 1;
            while (next < length && json.charAt(next) <= ' ') {
                next++;
            }
            if (next < length && json.charAt(next) == ':' && isKey(json, i + 1, end - i - 1)) {
                return false;
            }
            i = end;
        }
        return true;
    }

    private boolean isKey(String json, int start, int length) {
        if (length < 64 && (keyLengths & (1L << length)) == 0) {
            return false;
        }
        for (String key : keyArray) {
            if (key.length() == length && json.regionMatches(true, start, key, 0, length)) {
                return true;
            }
        }
        return false;
    }

    /** Redacts in place; true when something changed. */
    private boolean walk(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : new ArrayList<>(object.properties())) {
                if (keys.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                    object.put(field.getKey(), MASK);
                    changed = true;
                } else {
                    changed |= walk(field.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                changed |= walk(element);
            }
        }
        return changed;
    }
}
