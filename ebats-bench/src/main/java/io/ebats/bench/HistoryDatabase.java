package io.ebats.bench;

import java.util.Locale;
import java.util.Objects;

/**
 * Where the {@link Scenario#HISTORY history} scenario stores its attempt records: an H2 file in a temporary
 * directory deleted afterwards ({@link #temporaryH2()}, the default), a SQLite file in one ({@link #TEMPORARY_SQLITE}
 * as the URL), or a JDBC database such as PostgreSQL, used through a schema of the run's own that is dropped
 * afterwards ({@link #jdbc}). Immutable.
 *
 * @param jdbcUrl  JDBC URL of the database, or {@code null} for the temporary H2 file
 * @param user     database user, may be {@code null}
 * @param password database password, may be {@code null}
 */
public record HistoryDatabase(String jdbcUrl, String user, String password) {

    /** The URL that names a SQLite file in a temporary directory, deleted afterwards. */
    public static final String TEMPORARY_SQLITE = "jdbc:sqlite:";

    /** An H2 file database in a temporary directory, as {@code HistoryStore.Settings.h2(dir)} opens it. */
    public static HistoryDatabase temporaryH2() {
        return new HistoryDatabase(null, null, null);
    }

    /** A database reached by JDBC, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}. */
    public static HistoryDatabase jdbc(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("history database URL must start with jdbc:, was '" + jdbcUrl + "'");
        }
        return new HistoryDatabase(jdbcUrl, user, password);
    }

    /** Whether this is a SQLite file in a temporary directory. */
    public boolean temporarySqlite() {
        return TEMPORARY_SQLITE.equals(jdbcUrl);
    }

    /** {@code h2 file}, {@code sqlite file}, {@code postgresql}: the JDBC sub-protocol. */
    public String label() {
        if (jdbcUrl == null || temporarySqlite()) {
            return jdbcUrl == null ? "h2 file" : "sqlite file";
        }
        String rest = jdbcUrl.substring("jdbc:".length());
        int colon = rest.indexOf(':');
        return (colon > 0 ? rest.substring(0, colon) : rest).toLowerCase(Locale.ROOT);
    }

    /** The password is not shown. */
    @Override
    public String toString() {
        return jdbcUrl == null ? "HistoryDatabase[temporary h2 file]"
                : "HistoryDatabase[jdbcUrl=" + jdbcUrl + ", user=" + user + "]";
    }
}
