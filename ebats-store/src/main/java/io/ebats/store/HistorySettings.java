package io.ebats.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how a {@link HistoryStore} stores the history. Immutable and thread-safe. Start from
 * {@link #defaults()}, or from the builder of a database, {@link #sqlite(Path)}, {@link #h2(Path)} or
 * {@link #jdbc(String, String, String)}, and set what differs from the {@code DEFAULT_*} values:
 *
 * <pre>{@code
 * HistorySettings settings = HistorySettings.sqlite(dir).retention(Duration.ofDays(7)).build();
 * }</pre>
 */
public final class HistorySettings {

    /** Under the data directory of {@code ./ebats up}. */
    public static final Path DEFAULT_DIRECTORY = Path.of(".ebats", "history");
    public static final Set<String> DEFAULT_REDACTED_KEYS =
            Set.of("password", "token", "secret", "authorization", "api_key");
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(500);
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String schema;
    private final int batchSize;
    private final Duration flushInterval;
    private final int queueCapacity;
    private final Duration retention;
    private final Set<String> redactedKeys;
    private final String worker;

    private HistorySettings(Builder builder) {
        this.jdbcUrl = builder.jdbcUrl;
        this.user = builder.user;
        this.password = builder.password;
        this.schema = builder.schema;
        this.batchSize = builder.batchSize;
        this.flushInterval = builder.flushInterval;
        this.queueCapacity = builder.queueCapacity;
        this.retention = builder.retention;
        this.redactedKeys = builder.redactedKeys;
        this.worker = builder.worker != null ? builder.worker : defaultWorker();
    }

    /** A SQLite file database under {@link #DEFAULT_DIRECTORY}, with the default tuning. */
    public static HistorySettings defaults() {
        return sqlite(DEFAULT_DIRECTORY).build();
    }

    /**
     * SQLite file database {@code history.db} in the given directory, in write-ahead-log mode: other processes
     * ({@code ebats history}, {@code ebats dashboard}) read it while this one writes. A committed batch survives
     * the process; the last ones may be lost with the machine (SQLite's {@code synchronous=NORMAL}).
     */
    public static Builder sqlite(Path directory) {
        String file = directory.toAbsolutePath().resolve("history.db").toString().replace('\\', '/');
        return jdbc(SqlDialect.SQLITE_PREFIX + file + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000",
                null, null);
    }

    /**
     * H2 file database {@code history} in the given directory. {@link #sqlite(Path) SQLite} costs about half as
     * much CPU per attempt; H2 is kept for the histories recorded with it.
     */
    public static Builder h2(Path directory) {
        String file = directory.toAbsolutePath().resolve("history").toString().replace('\\', '/');
        // AUTO_SERVER: the first process opens a TCP port on loopback that later processes (ebats history,
        // ebats dashboard) connect through, so several processes can read one file while the first writes.
        return jdbc("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE", "sa", "");
    }

    /**
     * Any JDBC URL of an H2, PostgreSQL or SQLite database.
     *
     * @param user     database user, may be {@code null}
     * @param password database password, may be {@code null}
     */
    public static Builder jdbc(String jdbcUrl, String user, String password) {
        return new Builder(jdbcUrl, user, password);
    }

    /** JDBC URL of an H2, PostgreSQL or SQLite database. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Database user, or {@code null}. */
    public String user() {
        return user;
    }

    /** Database password, or {@code null}. */
    public String password() {
        return password;
    }

    /** The schema created and used, or {@code null} for the connection's default. */
    public String schema() {
        return schema;
    }

    /** Records written in one transaction at most. */
    public int batchSize() {
        return batchSize;
    }

    /** The longest time a record waits before it is written while fewer than {@link #batchSize()} wait. */
    public Duration flushInterval() {
        return flushInterval;
    }

    /** Records waiting to be written at most; beyond, new records are dropped. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** Rows older than this are deleted; {@code null} keeps them forever. */
    public Duration retention() {
        return retention;
    }

    /** Param keys (any depth, case-insensitive) whose values are stored as {@code "***"}. */
    public Set<String> redactedKeys() {
        return redactedKeys;
    }

    /** The name stored in column {@code worker}. */
    public String worker() {
        return worker;
    }

    /** The password is not shown. */
    @Override
    public String toString() {
        return "HistorySettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", schema=" + schema + ", batchSize="
                + batchSize + ", flushInterval=" + flushInterval + ", queueCapacity=" + queueCapacity
                + ", retention=" + retention + ", redactedKeys=" + redactedKeys + ", worker=" + worker + "]";
    }

    private static String defaultWorker() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            host = "localhost";
        }
        return ProcessHandle.current().pid() + "@" + host;
    }

    /**
     * Collects {@link HistorySettings}, from the {@code DEFAULT_*} values on. Each setter checks its value and
     * throws {@link IllegalArgumentException} naming the setting and its limit. Not thread-safe: one per thread.
     */
    public static final class Builder {

        private final String jdbcUrl;
        private final String user;
        private final String password;
        private String schema;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration retention = DEFAULT_RETENTION;
        private Set<String> redactedKeys = DEFAULT_REDACTED_KEYS;
        private String worker;

        private Builder(String jdbcUrl, String user, String password) {
            this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            this.user = user;
            this.password = password;
        }

        /**
         * The schema to create and use; {@code null} (the default) for the connection's default. SQLite has none:
         * give each history a file of its own there.
         */
        public Builder schema(String value) {
            if (value != null && SqlDialect.of(jdbcUrl) == SqlDialect.SQLITE) {
                throw new IllegalArgumentException("schema must be null on SQLite (SQLite has no schemas: use a"
                        + " file of its own instead), was " + value);
            }
            schema = value;
            return this;
        }

        /**
         * Records written in one transaction at most ({@value HistorySettings#DEFAULT_BATCH_SIZE} by default); as
         * many waiting are written without waiting for the {@link #flushInterval(Duration) flush interval}.
         */
        public Builder batchSize(int value) {
            batchSize = atLeastOne("batchSize", value);
            return this;
        }

        /** The longest time a record waits to be written while fewer than a batch wait; 500 ms by default. */
        public Builder flushInterval(Duration value) {
            Objects.requireNonNull(value, "flushInterval");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("flushInterval must be positive, was " + value);
            }
            flushInterval = value;
            return this;
        }

        /**
         * Records waiting to be written at most ({@value HistorySettings#DEFAULT_QUEUE_CAPACITY} by default);
         * beyond, new ones are dropped.
         */
        public Builder queueCapacity(int value) {
            queueCapacity = atLeastOne("queueCapacity", value);
            return this;
        }

        /** Rows older than this are deleted, at open and then periodically; {@code null} keeps them forever. */
        public Builder retention(Duration value) {
            if (value != null && (value.isNegative() || value.isZero())) {
                throw new IllegalArgumentException("retention must be positive, or null to keep rows forever, was "
                        + value);
            }
            retention = value;
            return this;
        }

        /** Param keys (any depth, case-insensitive) whose values are stored as {@code "***"}; null for none. */
        public Builder redactedKeys(Set<String> value) {
            redactedKeys = value == null ? Set.of() : Set.copyOf(value);
            return this;
        }

        /** The name stored in column {@code worker}; {@code null} (the default) for {@code pid@host}. */
        public Builder worker(String value) {
            worker = value;
            return this;
        }

        public HistorySettings build() {
            return new HistorySettings(this);
        }

        private static int atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + value);
            }
            return value;
        }
    }
}
