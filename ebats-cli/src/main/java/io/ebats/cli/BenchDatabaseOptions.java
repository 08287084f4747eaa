package io.ebats.cli;

import io.ebats.bench.HistoryDatabase;
import picocli.CommandLine.Option;

/**
 * Where {@code ebats bench}'s history scenario and {@code ebats bench-store} write their attempt records, and where
 * its unique scenario holds its keys.
 */
final class BenchDatabaseOptions {

    /** The password of {@code --history-url}, kept off the command line. */
    static final String PASSWORD_ENV = "EBATS_HISTORY_PASSWORD";

    @Option(names = "--history-url", paramLabel = "JDBC_URL",
            description = {"Database of the history store, e.g. jdbc:postgresql://127.0.0.1:5432/test, used in a "
                    + "schema of its own that is dropped afterwards; jdbc:h2: for an H2 file in a temporary "
                    + "directory, deleted afterwards (default: a SQLite file in a temporary directory, deleted "
                    + "afterwards).",
                    "The password is read from " + PASSWORD_ENV + "."})
    private String url;

    @Option(names = "--history-user", paramLabel = "USER", description = "User of --history-url.")
    private String user;

    /**
     * The database the options name.
     *
     * @throws IllegalArgumentException when {@code --history-url} is not a JDBC URL
     */
    HistoryDatabase database() {
        return url == null ? HistoryDatabase.temporarySqlite()
                : HistoryDatabase.jdbc(url, user, System.getenv(PASSWORD_ENV));
    }
}
