package io.ebats.cli;

import io.ebats.store.HistorySettings;
import io.ebats.store.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the commands record and read the history of attempts: {@code EBATS_HISTORY_URL}, else
 * {@code history.url} of the config file, else the SQLite file under {@code <data dir>/history}, which several
 * processes share (each writes its batches in turn, and reads while the others write). The password of a configured
 * database comes from {@code EBATS_HISTORY_PASSWORD} only.
 */
final class HistoryDatabase {

    static final String PASSWORD_VARIABLE = "EBATS_HISTORY_PASSWORD";
    /** The file SQLite writes for {@link HistorySettings#sqlite}. */
    private static final String SQLITE_FILE = "history.db";

    private final HistorySettings settings;
    private final Path defaultDirectory;

    private HistoryDatabase(HistorySettings settings, Path defaultDirectory) {
        this.settings = settings;
        this.defaultDirectory = defaultDirectory;
    }

    /**
     * @param dataDir the command's data directory, relative to the working directory or absolute
     */
    static HistoryDatabase of(Settings settings, Path dataDir) {
        HistoryDefaults configured = settings.history();
        HistorySettings.Builder store;
        Path defaultDirectory = null;
        if (configured.url() == null) {
            defaultDirectory = settings.environment().resolve(dataDir).resolve("history").normalize();
            store = HistorySettings.sqlite(defaultDirectory);
        } else {
            store = HistorySettings.jdbc(configured.url(), configured.user(),
                    settings.environment().variables().get(PASSWORD_VARIABLE));
        }
        return new HistoryDatabase(store.retention(configured.retention()).redactedKeys(configured.redact()).build(),
                defaultDirectory);
    }

    HistorySettings settings() {
        return settings;
    }

    /** False only for the default SQLite file before anything was recorded in it. */
    boolean exists() {
        return defaultDirectory == null || Files.exists(defaultDirectory.resolve(SQLITE_FILE));
    }

    /** Where it is, for people: the default file's directory, or the URL with any password in it masked. */
    String describe() {
        return defaultDirectory != null ? defaultDirectory.toString()
                : settings.jdbcUrl().replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /**
     * Connects and migrates the schema.
     *
     * @throws IllegalStateException naming the database and the cause when it cannot be opened
     */
    HistoryStore open() {
        try {
            return HistoryStore.open(settings);
        } catch (IllegalStateException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new IllegalStateException("cannot open the history database " + describe() + ": "
                    + ErrorReporter.describe(cause), e);
        }
    }
}
