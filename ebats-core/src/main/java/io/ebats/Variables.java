package io.ebats;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** {@code EBATS_*} environment variables applied to a builder: blank ones change nothing, errors name the variable. */
final class Variables {

    private final Map<String, String> env;

    Variables(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Hands the variable's value to {@code setter} when it is set and not blank.
     *
     * @param field the setter's field, which its error messages start with; replaced by the variable's name
     */
    void ifSet(String name, String field, Consumer<String> setter) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(renamed(e.getMessage(), field, name), e);
        }
    }

    /** {@code true/yes/1/on} or {@code false/no/0/off}. */
    static boolean bool(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
        };
    }

    /** The message with its leading {@code field} replaced by {@code name}, or unchanged when it names another. */
    static String renamed(String message, String field, String name) {
        return message != null && message.startsWith(field + " ") ? name + message.substring(field.length())
                : message;
    }
}
