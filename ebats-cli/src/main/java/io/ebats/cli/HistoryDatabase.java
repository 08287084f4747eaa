package io.ebats.cli;

import io.ebats.ConfigFile;
import io.ebats.store.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the commands record and read the history of attempts: {@code EBATS_HISTORY_URL}, else
 * {@code history.url} of the config file, else the H2 file under {@code <data dir>/history}, which several
 * processes share (the first serves it to the others). The password of a configured database comes from
 * {@code EBATS_HISTORY_PASSWORD} only.
 */
final class HistoryDatabase {

    static final String PASSWORD_VARIABLE = "EBATS_HISTORY_PASSWORD";
    /** The file H2 writes for {@link HistoryStore.Settings#h2}. */
    private static final String H2_FILE = "history.mv.db";

    private final HistoryStore.Settings settings;
    private final Path h2Directory;

    private HistoryDatabase(HistoryStore.Settings settings, Path h2Directory) {
        this.settings = settings;
        this.h2Directory = h2Directory;
    }

    /**
     * @param dataDir the command's data directory, relative to the working directory or absolute
     */
    static HistoryDatabase of(Settings settings, Path dataDir) {
        ConfigFile.HistoryDefaults configured = settings.history();
        HistoryStore.Settings store;
        Path h2Directory = null;
        if (configured.url() == null) {
            h2Directory = settings.environment().resolve(dataDir).resolve("history").normalize();
            store = HistoryStore.Settings.h2(h2Directory);
        } else {
            store = HistoryStore.Settings.jdbc(configured.url(), configured.user(),
                    settings.environment().variables().get(PASSWORD_VARIABLE));
        }
        return new HistoryDatabase(store.withRetention(configured.retention())
                .withRedactedKeys(configured.redact()), h2Directory);
    }

    HistoryStore.Settings settings() {
        return settings;
    }

    /** False only for the default H2 file before anything was recorded in it. */
    boolean exists() {
        return h2Directory == null || Files.exists(h2Directory.resolve(H2_FILE));
    }

    /** Where it is, for people: the H2 directory, or the URL with any password in it masked. */
    String describe() {
        return h2Directory != null ? h2Directory.toString()
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
