package io.ebats.bench;

import io.ebats.store.HistorySettings;
import io.ebats.store.HistoryStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The history store of one {@code history} scenario, on a database that is empty when it opens and removed
 * when it closes: a temporary SQLite or H2 directory is deleted, a schema of the run's own is dropped.
 */
final class BenchHistory implements AutoCloseable {

    private final HistoryStore store;
    private final String database;
    private final Runnable removal;

    private BenchHistory(HistoryStore store, String database, Runnable removal) {
        this.store = store;
        this.database = database;
        this.removal = removal;
    }

    /** Opens the store with its default tuning, in a fresh directory or schema. */
    static BenchHistory open(HistoryDatabase target) {
        if (target.temporary()) {
            Path dir = TemporaryDirectory.create("ebats-bench-history", "the history database");
            HistorySettings.Builder settings = HistoryDatabase.TEMPORARY_H2.equals(target.jdbcUrl())
                    ? HistorySettings.h2(dir) : HistorySettings.sqlite(dir);
            return open(settings.build(), target.label(), () -> TemporaryDirectory.delete(dir));
        }
        String schema = "ebats_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        return open(HistorySettings.jdbc(target.jdbcUrl(), target.user(), target.password()).schema(schema).build(),
                target.label() + " (schema " + schema + ")", () -> dropSchema(target, schema));
    }

    private static BenchHistory open(HistorySettings settings, String database, Runnable removal) {
        try {
            return new BenchHistory(HistoryStore.open(settings), database, removal);
        } catch (RuntimeException | Error e) {
            try {
                removal.run();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    HistoryStore store() {
        return store;
    }

    /** Where the records go, e.g. {@code h2 file} or {@code postgresql (schema ebats_bench_1a2b3c4d)}. */
    String database() {
        return database;
    }

    /** Writes what is queued, closes the store, then removes the database. */
    @Override
    public void close() {
        try {
            store.close();
        } finally {
            removal.run();
        }
    }

    private static void dropSchema(HistoryDatabase target, String schema) {
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the history schema " + schema + ": " + e.getMessage(), e);
        }
    }
}
