package io.ebats.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/** Opens the connection pool of a history database, its schema migrated first (Flyway, table {@code ebats_attempt}). */
final class PooledDatabase {

    private static final String SQLITE_FILE_SCHEME = "file:";
    private static final String SQLITE_IN_MEMORY = ":memory:";

    private PooledDatabase() {
    }

    /**
     * Creates the directory of a SQLite file, migrates the schema and opens the pool in it.
     *
     * @throws IllegalStateException when the database cannot be reached or migrated
     */
    static HikariDataSource open(HistorySettings settings) {
        createSqliteDirectory(settings.jdbcUrl());
        if (settings.schema() == null) {
            HikariDataSource pool = connect(settings, null);
            migrate(pool, settings);
            return pool;
        }
        // A connection cannot be opened in a schema that does not exist yet (H2 refuses it): Flyway creates
        // the schema through connections outside it, then the store's pool is opened in it.
        try (HikariDataSource unscoped = connect(settings, null)) {
            migrate(unscoped, settings);
        }
        return connect(settings, settings.schema());
    }

    /** SQLite does not create the directory of its file, as H2 does. */
    private static void createSqliteDirectory(String jdbcUrl) {
        Path file = sqliteFile(jdbcUrl);
        if (file != null && file.toAbsolutePath().getParent() != null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the directory of the history database " + file, e);
            }
        }
    }

    /** The file of a SQLite database, or null for another database or one in memory. */
    private static Path sqliteFile(String jdbcUrl) {
        if (SqlDialect.of(jdbcUrl) != SqlDialect.SQLITE) {
            return null;
        }
        String file = jdbcUrl.substring(SqlDialect.SQLITE_PREFIX.length());
        int query = file.indexOf('?');
        file = query < 0 ? file : file.substring(0, query);
        file = file.startsWith(SQLITE_FILE_SCHEME) ? file.substring(SQLITE_FILE_SCHEME.length()) : file;
        return file.isEmpty() || file.startsWith(SQLITE_IN_MEMORY) ? null : Path.of(file);
    }

    private static HikariDataSource connect(HistorySettings settings, String schema) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("ebats-history");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        if (schema != null) {
            config.setSchema(schema);
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the history database " + settings.jdbcUrl(), e);
        }
    }

    /** Creates or updates the schema; closes the pool when that fails. */
    private static void migrate(HikariDataSource pool, HistorySettings settings) {
        try {
            var flyway = Flyway.configure().dataSource(pool)
                    .locations(SqlDialect.of(settings.jdbcUrl()).migrations())
                    .table("ebats_schema_history");
            if (settings.schema() != null) {
                flyway.schemas(settings.schema()).defaultSchema(settings.schema()).createSchemas(true);
            }
            flyway.load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new IllegalStateException("cannot migrate the history database " + settings.jdbcUrl(), e);
        }
    }
}
