package io.ebats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One value of a configuration file with its whole path ({@code events.order_create[0].retry.multiplier}), for
 * reading a section of {@code ebats.yml}: every error it raises names the file, the path and the value, as in
 * {@code ebats.yml: broker.heartbeat must be a duration like 10s, 500ms or 2h, was 'often'}.
 *
 * <p>Immutable and thread-safe. A key that is absent gives a node for which {@link #isPresent()} is false.
 */
public final class ConfigNode {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final String source;
    private final String path;
    private final JsonNode value;

    private ConfigNode(String source, String path, JsonNode value) {
        this.source = source;
        this.path = path;
        this.value = value == null ? MissingNode.getInstance() : value;
    }

    /** @param source names the file in error messages */
    static ConfigNode root(String source, JsonNode value) {
        return new ConfigNode(source, "", value);
    }

    /** An absent section, for a file that has none. */
    static ConfigNode absent(String path) {
        return new ConfigNode(null, path, null);
    }

    /** Where this value is, such as {@code history.retention}; empty for the top level. */
    public String path() {
        return path;
    }

    /** Whether the file has this key (with any value, null included). */
    public boolean isPresent() {
        return !value.isMissingNode();
    }

    /** The value under {@code key} of this mapping; absent when this is not a mapping or has no such key. */
    public ConfigNode get(String key) {
        return new ConfigNode(source, path.isEmpty() ? key : path + "." + key, value.get(key));
    }

    /**
     * Checks that this is a mapping whose keys are all in {@code known}.
     *
     * @throws IllegalArgumentException naming the first unknown key and the nearest known one
     */
    public ConfigNode requireKeys(Set<String> known) {
        requireMapping();
        value.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                throw error("unknown key " + get(key).path + " (" + nearest(key, known) + ")");
            }
        });
        return this;
    }

    /** The entries of this mapping, in the file's order, for keys the user names (such as events). */
    public Map<String, ConfigNode> entries() {
        requireMapping();
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        value.fieldNames().forEachRemaining(key -> entries.put(key, get(key)));
        return entries;
    }

    /** The elements of this list, each at {@code path[i]}. */
    public List<ConfigNode> elements() {
        if (!value.isArray()) {
            throw invalid("must be a list");
        }
        List<ConfigNode> elements = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            elements.add(new ConfigNode(source, path + "[" + i + "]", value.get(i)));
        }
        return elements;
    }

    /** A list of plain values as text. */
    /**
     * This mapping as plain values (maps, lists, strings, numbers, booleans), such as an event's params; an absent
     * node is an empty map.
     */
    public Map<String, Object> object() {
        if (!isPresent() || value.isNull()) {
            return Map.of();
        }
        requireMapping();
        @SuppressWarnings("unchecked")
        Map<String, Object> map = PLAIN.convertValue(value, Map.class);
        return map;
    }

    public List<String> texts() {
        return elements().stream().map(ConfigNode::text).toList();
    }

    /** A plain value as text; an empty value (null in YAML) is the empty string. */
    public String text() {
        if (!value.isValueNode()) {
            throw invalid("must be a plain value");
        }
        return value.isNull() ? "" : value.asText();
    }

    /** The text of a value that must be there. */
    public String requiredText() {
        if (!isPresent() || value.isNull()) {
            throw error(path + " is required");
        }
        return text();
    }

    /** A whole number. */
    public int integer() {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid("must be a whole number");
        }
        return value.intValue();
    }

    /** A whole number from {@code min} to {@code max}; {@link Integer#MAX_VALUE} for no upper limit. */
    public int integer(int min, int max) {
        int number = integer();
        if (number < min || number > max) {
            throw invalid(max == Integer.MAX_VALUE ? "must be at least " + min : "must be " + min + ".." + max);
        }
        return number;
    }

    /** A number, whole or not. */
    public double number() {
        if (!value.isNumber()) {
            throw invalid("must be a number");
        }
        return value.doubleValue();
    }

    /** {@code true} or {@code false}. */
    public boolean bool() {
        if (!value.isBoolean()) {
            throw invalid("must be true or false");
        }
        return value.booleanValue();
    }

    /** A duration such as {@code 10s}, {@code 500ms} or {@code 2h}, see {@link Durations#parse}. */
    public Duration duration() {
        String text = text();
        try {
            return Durations.parse(path, text);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** A duration above zero. */
    public Duration positiveDuration() {
        Duration duration = duration();
        if (duration.isNegative() || duration.isZero()) {
            throw invalid("must be positive");
        }
        return duration;
    }

    /**
     * Runs {@code setter} (a builder's setter or a constructor that checks its arguments) and puts this node's
     * path into its error: a message that starts with the name of this key, or of one of its keys, names that
     * value's whole path instead; any other message gets this node's path in front.
     */
    public <T> T check(Supplier<T> setter) {
        try {
            return setter.get();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error(located(e.getMessage()));
        }
    }

    /** An error that names this value: {@code <path> <mustBe>, was <value>}. */
    public IllegalArgumentException invalid(String mustBe) {
        return error(path + " " + mustBe + ", was " + (isPresent() ? value.toString() : "missing"));
    }

    /** An error with this message, which should name the path, prefixed by the file. */
    public IllegalArgumentException error(String message) {
        return new ConfigException(source == null ? message : source + ": " + message);
    }

    private String located(String message) {
        String text = message == null ? "is invalid" : message;
        String key = path.substring(path.lastIndexOf('.') + 1);
        if (!key.isEmpty() && text.startsWith(key + " ")) {
            return path + text.substring(key.length());
        }
        if (value.isObject()) {
            for (var names = value.fieldNames(); names.hasNext(); ) {
                String child = names.next();
                if (text.startsWith(child + " ")) {
                    return get(child).path + text.substring(child.length());
                }
            }
        }
        return path.isEmpty() ? text : path + ": " + text;
    }

    private void requireMapping() {
        if (!value.isObject()) {
            throw error((path.isEmpty() ? "the top level" : path) + " must be a mapping of keys to values, was "
                    + value);
        }
    }

    /** "did you mean x?" when a known key is a typo away, else the known keys. */
    private String nearest(String key, Set<String> known) {
        String best = known.stream().min(Comparator.comparingInt((String k) -> EditDistance.between(key, k))
                .thenComparing(Comparator.naturalOrder())).orElse(null);
        if (best != null && EditDistance.between(key, best) <= Math.max(1, (key.length() - 1) / 3)) {
            return "did you mean " + get(best).path + "?";
        }
        return "known keys: " + String.join(", ", new TreeSet<>(known));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigNode other && Objects.equals(source, other.source) && path.equals(other.path)
                && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, path, value);
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "(top level)" : path) + "=" + value;
    }

    /** Raised by a node, so that {@link #check} leaves an error that already names its path as it is. */
    private static final class ConfigException extends IllegalArgumentException {
        ConfigException(String message) {
            super(message);
        }
    }
}
