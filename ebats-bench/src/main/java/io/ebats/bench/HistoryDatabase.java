package io.ebats.bench;

import java.util.Locale;
import java.util.Objects;

/**
 * Where the {@link Scenario#HISTORY history} scenario stores its attempt records: a file of the default embedded
 * database, SQLite, in a temporary directory deleted afterwards ({@link #temporarySqlite()}, the default), an H2
 * file in one ({@link #temporaryH2()}), or a JDBC database such as PostgreSQL, used through a schema of the run's own
 * that is dropped afterwards ({@link #jdbc}). Immutable.
 *
 * @param jdbcUrl  JDBC URL of the database, or {@link #TEMPORARY_SQLITE} or {@link #TEMPORARY_H2} for a temporary file
 * @param user     database user, may be {@code null}
 * @param password database password, may be {@code null}
 */
public record HistoryDatabase(String jdbcUrl, String user, String password) {

    /** The URL that names a SQLite file in a temporary directory, deleted afterwards. */
    public static final String TEMPORARY_SQLITE = "jdbc:sqlite:";
    /** The URL that names an H2 file in a temporary directory, deleted afterwards. */
    public static final String TEMPORARY_H2 = "jdbc:h2:";

    public HistoryDatabase {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /** A SQLite file database in a temporary directory, as {@code HistorySettings.sqlite(dir)} opens it. */
    public static HistoryDatabase temporarySqlite() {
        return new HistoryDatabase(TEMPORARY_SQLITE, null, null);
    }

    /** An H2 file database in a temporary directory, as {@code HistorySettings.h2(dir)} opens it. */
    public static HistoryDatabase temporaryH2() {
        return new HistoryDatabase(TEMPORARY_H2, null, null);
    }

    /**
     * A database reached by JDBC, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}; {@link #TEMPORARY_SQLITE} and
     * {@link #TEMPORARY_H2} name a temporary file.
     */
    public static HistoryDatabase jdbc(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("history database URL must start with jdbc:, was '" + jdbcUrl + "'");
        }
        return new HistoryDatabase(jdbcUrl, user, password);
    }

    /** Whether this is a temporary file, deleted afterwards. */
    public boolean temporary() {
        return TEMPORARY_SQLITE.equals(jdbcUrl) || TEMPORARY_H2.equals(jdbcUrl);
    }

    /** {@code sqlite file}, {@code h2 file}, {@code postgresql}: the JDBC sub-protocol. */
    public String label() {
        String rest = jdbcUrl.substring("jdbc:".length());
        int colon = rest.indexOf(':');
        String protocol = (colon > 0 ? rest.substring(0, colon) : rest).toLowerCase(Locale.ROOT);
        return temporary() ? protocol + " file" : protocol;
    }

    /** The password is not shown. */
    @Override
    public String toString() {
        return temporary() ? "HistoryDatabase[temporary " + label() + "]"
                : "HistoryDatabase[jdbcUrl=" + jdbcUrl + ", user=" + user + "]";
    }
}
