package io.ebats;
import java.nio.charset.StandardCharsets;


/** Validation of the names users give to events, tasks, topics and queues. */
public final class Names {

    /**
     * Longest event, task or topic name, in characters and in UTF-8 bytes; leaves room for ebats' prefixes within
     * AMQP's 255-byte limit.
     */
    public static final int MAX_LENGTH = 120;

    private Names() {
    }

    /**
     * Checks a name and returns it.
     *
     * @param kind what the name names, for the error message ("event", "topic", ...)
     * @throws IllegalArgumentException when the name is null, empty, too long, or contains an AMQP wildcard
     *                                  ({@code *}, {@code #}), whitespace or a control character
     */
    public static String require(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(kind + " name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    kind + " name must be at most " + MAX_LENGTH + " characters, was " + name.length());
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    kind + " name must be at most " + MAX_LENGTH + " bytes in UTF-8, was " + bytes);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '*' || c == '#') {
                throw new IllegalArgumentException(
                        kind + " name must not contain the AMQP wildcard '" + c + "': " + name);
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(kind + " name must not contain whitespace: '" + name + "'");
            }
        }
        if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw new IllegalArgumentException(kind + " name must not start or end with '.' or hold '..': " + name);
        }
        return name;
    }
}
