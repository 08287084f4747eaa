package io.ebats;

import io.ebats.internal.message.Json;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unique key of a task, written out ({@link #of}) or as a template over the task's params ({@link #template}:
 * {@code "order:{order_id}"}), and its window: how long the key stays held once its task succeeded. See
 * {@link UniqueTasks}.
 *
 * <p>Immutable and thread-safe.
 */
public final class UniqueKey {

    /** The longest key, resolved: the length of the store's column. */
    public static final int MAX_LENGTH = 255;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    private final String text;
    private final boolean template;
    private final Duration window;

    private UniqueKey(String text, boolean template, Duration window) {
        Objects.requireNonNull(text, "key");
        Objects.requireNonNull(window, "window");
        if (text.isBlank()) {
            throw new IllegalArgumentException("unique key must not be empty");
        }
        if (window.isNegative() || (!window.isZero() && window.compareTo(Duration.ofMillis(1)) < 0)) {
            throw new IllegalArgumentException("window of unique key " + text
                    + " must be zero or at least 1 ms, was " + window);
        }
        if (template) {
            Matcher m = PLACEHOLDER.matcher(text);
            int literal = text.length();
            while (m.find()) {
                if (m.group(1).isBlank()) {
                    throw new IllegalArgumentException("unique key template " + text + " has an empty placeholder {}");
                }
                literal -= m.end() - m.start();
            }
            if (literal > MAX_LENGTH) { // every key it resolves to would be too long
                throw new IllegalArgumentException("unique key template must be at most " + MAX_LENGTH
                        + " characters besides its placeholders, was " + literal + ": " + text.substring(0, 40)
                        + "...");
            }
        } else {
            checkLength(text);
        }
        this.text = text;
        this.template = template;
        this.window = window;
    }

    /** The key as written, free once its task succeeded (a window of zero). */
    public static UniqueKey of(String key) {
        return new UniqueKey(key, false, Duration.ZERO);
    }

    /**
     * The key as written, held for {@code window} after its task succeeded.
     *
     * @throws IllegalArgumentException when the key is empty or longer than {@link #MAX_LENGTH}, or the window is
     *                                  negative or under 1 ms but not zero
     */
    public static UniqueKey of(String key, Duration window) {
        return new UniqueKey(key, false, window);
    }

    /**
     * A key whose {@code {name}} placeholders are replaced by the task's params of those names (their JSON text
     * when not a string), held for {@code window} after its task succeeded.
     *
     * @throws IllegalArgumentException as {@link #of(String, Duration)}, or when a placeholder is empty
     */
    public static UniqueKey template(String template, Duration window) {
        return new UniqueKey(template, true, window);
    }

    /** A template free once its task succeeded. */
    public static UniqueKey template(String template) {
        return template(template, Duration.ZERO);
    }

    /** How long the key stays held once its task succeeded; zero when not at all. */
    public Duration window() {
        return window;
    }

    /** The key or template as given. */
    public String text() {
        return text;
    }

    /** Whether {@link #text()} is a template over params. */
    public boolean isTemplate() {
        return template;
    }

    /**
     * The key for this task: the text, or the template with the task's params in it.
     *
     * @throws IllegalArgumentException when a placeholder names a param the task does not have (or whose value is
     *                                  null, an object or an array), or the key comes out empty or too long
     */
    public String resolve(NewTask task) {
        return template ? resolve(task.name(), Json.readObject(Json.writeParams(task.params()))) : text;
    }

    /**
     * The key for task {@code taskName} with these params, as read from JSON (strings, numbers, booleans, maps and
     * lists): the text, or the template with the params in it. A scheduler resolves the keys of an event's tasks
     * over the event's params this way.
     *
     * @throws IllegalArgumentException as {@link #resolve(NewTask)}
     */
    public String resolve(String taskName, Map<String, ?> params) {
        if (!template) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder key = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object value = params.get(name);
            if (value == null || value instanceof Map || value instanceof Iterable) {
                throw new IllegalArgumentException("unique key template " + text + " names param " + name
                        + ", which task " + taskName + (value == null && !params.containsKey(name)
                        ? " does not have; its params are " + params.keySet()
                        : " has as " + (value == null ? "null" : "an object or array") + ", not a value"));
            }
            m.appendReplacement(key, Matcher.quoteReplacement(String.valueOf(value)));
        }
        m.appendTail(key);
        String resolved = key.toString();
        if (resolved.isBlank()) {
            throw new IllegalArgumentException("unique key template " + text + " is empty for task " + taskName);
        }
        checkLength(resolved);
        return resolved;
    }

    private static void checkLength(String key) {
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("unique key must be at most " + MAX_LENGTH + " characters, was "
                    + key.length() + ": " + key.substring(0, 40) + "...");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UniqueKey k && k.text.equals(text) && k.template == template && k.window.equals(window);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, template, window);
    }

    @Override
    public String toString() {
        return (template ? "template " : "") + text + (window.isZero() ? "" : " for " + window);
    }
}
