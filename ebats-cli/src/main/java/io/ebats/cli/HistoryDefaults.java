package io.ebats.cli;

import io.ebats.ConfigNode;
import io.ebats.store.HistorySettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code history:} section of the config file: the database where {@code up} and {@code worker} record
 * every attempt and {@code history} and {@code dashboard} read them. The password is never read from the file;
 * {@link HistoryDatabase} takes it from {@code EBATS_HISTORY_PASSWORD}.
 *
 * @param enabled   whether {@code up} and {@code worker} record attempts
 * @param url       JDBC URL of a SQLite, H2 or PostgreSQL database; null for a SQLite file under the data
 *                  directory
 * @param user      the database user, or null
 * @param retention attempts that started longer ago than this are deleted
 * @param redact    param keys (any depth, case-insensitive) whose values are stored as {@code "***"}
 */
record HistoryDefaults(boolean enabled, String url, String user, Duration retention, Set<String> redact) {

    private static final Set<String> KEYS = Set.of("enabled", "url", "user", "retention", "redact");
    private static final String JDBC_URL = "must be a JDBC URL such as jdbc:postgresql://host/db";

    HistoryDefaults {
        url = blankToNull(url);
        user = blankToNull(user);
        redact = Set.copyOf(redact);
    }

    /** Recording on, SQLite under the data directory, and the history store's retention and redacted keys. */
    static HistoryDefaults defaults() {
        return new HistoryDefaults(true, null, null, HistorySettings.DEFAULT_RETENTION,
                HistorySettings.DEFAULT_REDACTED_KEYS);
    }

    /** The section's values over the defaults. */
    static HistoryDefaults read(ConfigNode section) {
        HistoryDefaults d = defaults();
        if (!section.isPresent()) {
            return d;
        }
        if (section.get("password").isPresent()) {
            throw section.error(section.get("password").path()
                    + " is never read from the file: set " + HistoryDatabase.PASSWORD_VARIABLE);
        }
        section.requireKeys(KEYS);
        ConfigNode enabled = section.get("enabled");
        ConfigNode url = section.get("url");
        ConfigNode user = section.get("user");
        ConfigNode retention = section.get("retention");
        ConfigNode redact = section.get("redact");
        return new HistoryDefaults(enabled.isPresent() ? enabled.bool() : d.enabled(),
                url.isPresent() ? url(url) : null,
                user.isPresent() ? user.text() : null,
                retention.isPresent() ? retention.positiveDuration() : d.retention(),
                redact.isPresent() ? redact(redact) : d.redact());
    }

    /** {@code EBATS_HISTORY_URL} and {@code EBATS_HISTORY_USER} over the file's values. */
    HistoryDefaults withEnvironment(Map<String, String> env) {
        String envUrl = blankToNull(env.get("EBATS_HISTORY_URL"));
        String envUser = blankToNull(env.get("EBATS_HISTORY_USER"));
        if (envUrl != null && !envUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("EBATS_HISTORY_URL " + JDBC_URL + ", was '" + envUrl + "'");
        }
        return new HistoryDefaults(enabled, envUrl != null ? envUrl : url, envUser != null ? envUser : user,
                retention, redact);
    }

    private static String url(ConfigNode node) {
        String value = blankToNull(node.text());
        if (value != null && !value.startsWith("jdbc:")) {
            throw node.invalid(JDBC_URL);
        }
        return value;
    }

    private static Set<String> redact(ConfigNode list) {
        Set<String> keys = new TreeSet<>();
        for (ConfigNode key : list.elements()) {
            if (key.text().isBlank()) {
                throw key.invalid("must be a param key");
            }
            keys.add(key.text().trim());
        }
        return keys;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
