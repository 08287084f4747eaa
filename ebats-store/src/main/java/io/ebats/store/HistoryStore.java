package io.ebats.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ebats.Attempt;
import io.ebats.AttemptListener;
import io.ebats.Outcome;
import io.ebats.SucceededTasks;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves every attempt of a task in a SQL database so it can be searched and viewed: register it as a
 * worker's {@link io.ebats.Worker.Builder#listener listener}.
 *
 * <pre>{@code
 * try (HistoryStore history = HistoryStore.open(HistoryStore.Settings.defaults())) {
 *     ebats.worker().topic("demo").listener(history).handle(...).start();
 *     List<AttemptRecord> failed = history.find(HistoryQuery.all().outcome(Outcome.FAILED));
 * }
 * }</pre>
 *
 * <p>{@link #open} migrates the schema (Flyway, table {@code ebats_attempt}) on SQLite, H2 or PostgreSQL.
 *
 * <p>Writes are asynchronous: {@link #onAttempt} only puts the record in a bounded in-memory queue, which one
 * writer thread drains in JDBC batches of {@link Settings#batchSize()} at least every
 * {@link Settings#flushInterval()}, each batch in one transaction (a batch that fails is counted in
 * {@link #failed()} as a whole; when the database refuses a value of it, its records are written one by one,
 * so that only the refused ones are lost). NUL characters are stored as U+FFFD. <b>It never blocks the
 * worker</b>: when the queue is full (the database is slow or down) the record is dropped, counted in
 * {@link #dropped()} and logged. Records still queued are lost if the process dies; {@link #close()} writes
 * them first.
 *
 * <p>Param values under the {@link Settings#redactedKeys() redacted keys} are replaced by {@code "***"},
 * at any depth, before they are stored; params that mention a key but cannot be parsed are stored as a
 * marker. Rows older than the {@link Settings#retention() retention} are deleted at start and then
 * periodically.
 */
public final class HistoryStore implements AttemptListener, SucceededTasks, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);
    private static final Duration MAX_PRUNE_INTERVAL = Duration.ofHours(1);
    /** Pages counted past the offset by the dashboard's runs list and {@code ebats history}. */
    public static final int PAGES_COUNTED_AHEAD = 20;
    /** Task ids of recent successes kept in memory: the writes still queued and a margin. */
    private static final int RECENT_SUCCESSES = 65_536;

    private final Settings settings;
    private final HikariDataSource pool;
    private final AttemptTable table;
    private final BlockingQueue<Attempt> queue;
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final RecentIds recentSuccesses = new RecentIds(RECENT_SUCCESSES);
    private volatile boolean closing;
    private boolean closed;
    private long nextPruneNanos;

    private HistoryStore(Settings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
        this.table = new AttemptTable(pool, settings.dialect(), new Redactor(settings.redactedKeys()),
                settings.worker());
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.writer = Thread.ofPlatform().name("ebats-history-writer").daemon().unstarted(this::writeLoop);
    }

    /**
     * Connects, migrates the schema and starts the writer thread.
     *
     * @throws IllegalStateException when the database cannot be reached or migrated
     */
    public static HistoryStore open(Settings settings) {
        createSqliteDirectory(settings);
        HikariDataSource pool;
        if (settings.schema() == null) {
            pool = connect(settings, null);
            migrate(pool, settings);
        } else {
            // A connection cannot be opened in a schema that does not exist yet (H2 refuses it): Flyway creates
            // the schema through connections outside it, then the store's pool is opened in it.
            try (HikariDataSource unscoped = connect(settings, null)) {
                migrate(unscoped, settings);
            }
            pool = connect(settings, settings.schema());
        }
        HistoryStore store = new HistoryStore(settings, pool);
        store.writer.start();
        return store;
    }

    /** SQLite does not create the directory of its file, as H2 does. */
    private static void createSqliteDirectory(Settings settings) {
        Path file = settings.sqliteFile();
        if (file != null && file.toAbsolutePath().getParent() != null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the directory of the history database " + file, e);
            }
        }
    }

    private static HikariDataSource connect(Settings settings, String schema) {
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
    private static void migrate(HikariDataSource pool, Settings settings) {
        try {
            var flyway = Flyway.configure().dataSource(pool).locations(settings.dialect().migrations())
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

    /**
     * Queues the attempt for writing and returns at once. When the queue is full the record is dropped and
     * counted instead of blocking the worker; see {@link #dropped()}.
     */
    @Override
    public void onAttempt(Attempt attempt) {
        Objects.requireNonNull(attempt, "attempt");
        if (attempt.outcome() == Outcome.SUCCEEDED) {
            recentSuccesses.add(attempt.taskId());
        }
        if (closing || !queue.offer(attempt)) {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1, 2, 4, 8, ...: logged, not flooded
                log.warn("history: {} attempt record(s) dropped so far ({}), last task {} of topic {}", n,
                        closing ? "store closed" : "queue full", attempt.taskId(), attempt.topic());
            }
            return;
        }
        if (queue.size() >= settings.batchSize()) {
            LockSupport.unpark(writer);
        }
    }

    /**
     * Whether the task succeeded before: in this process (also while its record still waits to be written) or
     * according to the database. Pass the store to {@link io.ebats.Worker.Builder#skipSucceeded} to skip
     * copies of tasks that already succeeded.
     *
     * @throws IllegalStateException when the database cannot be asked
     */
    @Override
    public boolean succeeded(String taskId) {
        if (recentSuccesses.contains(taskId)) {
            return true;
        }
        try {
            return table.succeeded(taskId);
        } catch (SQLException e) {
            throw new IllegalStateException("history lookup of task " + taskId + " failed: " + e.getMessage(), e);
        }
    }

    /** The attempts matching the query, newest first, one page of them. */
    public List<AttemptRecord> find(HistoryQuery query) {
        try {
            return table.find(query);
        } catch (SQLException e) {
            throw new IllegalStateException("history query failed: " + e.getMessage(), e);
        }
    }

    /** How many attempts match the query's filters (paging ignored). */
    public long count(HistoryQuery query) {
        return count(query, Long.MAX_VALUE);
    }

    /**
     * How many attempts match the query's filters (paging ignored), counting no further than {@code atMost}:
     * the result is {@code atMost} when at least that many match. A count that reads at most that many rows,
     * for a pager over a large history.
     *
     * @throws IllegalArgumentException when {@code atMost} is negative
     */
    public long count(HistoryQuery query, long atMost) {
        if (atMost < 0) {
            throw new IllegalArgumentException("atMost must not be negative, was " + atMost);
        }
        try {
            return table.count(query, atMost);
        } catch (SQLException e) {
            throw new IllegalStateException("history count failed: " + e.getMessage(), e);
        }
    }

    /**
     * How many attempts match the query's filters, counted no further than {@code pages} pages of its limit past
     * its offset: what a pager needs, at a cost bounded on a history of any size.
     *
     * @throws IllegalArgumentException when {@code pages} is less than 1
     */
    public MatchCount countAhead(HistoryQuery query, int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("pages must be at least 1, was " + pages);
        }
        long atMost = (long) query.offset() + (long) pages * query.limit() + 1;
        long counted = count(query, atMost);
        return counted < atMost ? new MatchCount(counted, true) : new MatchCount(atMost - 1, false);
    }

    /**
     * Attempts per outcome in consecutive buckets from {@code since} to now, oldest first, empty buckets
     * included: the data of a throughput chart.
     *
     * @param since  the start; rounded down to a whole bucket
     * @param bucket the bucket length, at least one second
     */
    public List<OutcomeCounts> throughput(Instant since, Duration bucket) {
        long seconds = bucket.toSeconds();
        if (seconds < 1) {
            throw new IllegalArgumentException("bucket must be at least 1s, was " + bucket);
        }
        long first = Math.floorDiv(since.getEpochSecond(), seconds);
        long last = Math.floorDiv(Instant.now().getEpochSecond(), seconds);
        if (last - first > 100_000) {
            throw new IllegalArgumentException("too many buckets: " + (last - first) + " of " + bucket);
        }
        Map<Long, long[]> counts;
        try {
            counts = table.countsPerBucket(Instant.ofEpochSecond(first * seconds), seconds);
        } catch (SQLException e) {
            throw new IllegalStateException("history throughput query failed: " + e.getMessage(), e);
        }
        List<OutcomeCounts> buckets = new ArrayList<>();
        for (long b = first; b <= last; b++) {
            long[] c = counts.getOrDefault(b, new long[Outcome.values().length]);
            buckets.add(new OutcomeCounts(Instant.ofEpochSecond(b * seconds), c[Outcome.SUCCEEDED.ordinal()],
                    c[Outcome.RETRYING.ordinal()], c[Outcome.FAILED.ordinal()], c[Outcome.DEAD.ordinal()]));
        }
        return buckets;
    }

    /**
     * Deletes the rows that started before now minus the retention; the writer does this periodically too.
     *
     * @return the number of rows deleted; 0 when there is no retention
     */
    public int prune() {
        if (settings.retention() == null) {
            return 0;
        }
        try {
            int deleted = table.deleteStartedBefore(Instant.now().minus(settings.retention()));
            if (deleted > 0) {
                log.info("history: pruned {} attempt(s) older than {}", deleted, settings.retention());
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("history prune failed: " + e.getMessage(), e);
        }
    }

    /** Records dropped because the queue was full (or the store closed). */
    public long dropped() {
        return dropped.get();
    }

    /** Records lost because their batch could not be written. */
    public long failed() {
        return failed.get();
    }

    /** Records written so far. */
    public long written() {
        return written.get();
    }

    /** The settings this store was opened with. */
    public Settings settings() {
        return settings;
    }

    /** Writes what is still queued, stops the writer and closes the connection pool. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.close();
        }
    }

    private void writeLoop() {
        long flushNanos = settings.flushInterval().toNanos();
        while (true) {
            long deadline = System.nanoTime() + flushNanos;
            while (!closing && queue.size() < settings.batchSize()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
            boolean last = closing; // read before draining: nothing is queued after closing is set
            drain();
            if (last) {
                drain();
                return;
            }
            pruneWhenDue();
        }
    }

    private void drain() {
        List<Attempt> batch = new ArrayList<>(Math.min(settings.batchSize(), 1024));
        while (queue.drainTo(batch, settings.batchSize()) > 0) {
            write(batch);
            batch.clear();
        }
    }

    /**
     * Writes the batch in one transaction. When the database refuses a value of it (a data or constraint error),
     * each record is written alone, so that only the records refused are lost, not their whole batch.
     */
    private void write(List<Attempt> batch) {
        try {
            table.insert(batch);
            written.addAndGet(batch.size());
        } catch (SQLException e) {
            if (batch.size() > 1 && refusedValue(e)) {
                batch.forEach(attempt -> write(List.of(attempt)));
            } else {
                lost(batch, e);
            }
        } catch (RuntimeException e) {
            lost(batch, e);
        }
    }

    private void lost(List<Attempt> batch, Exception e) {
        failed.addAndGet(batch.size());
        if (batch.size() == 1) {
            Attempt a = batch.getFirst();
            log.error("history: cannot write the record of attempt {} of task {} (topic {}); it is lost: {}",
                    a.attempt(), a.taskId(), a.topic(), e.getMessage());
        } else {
            log.error("history: cannot write {} attempt record(s); they are lost", batch.size(), e);
        }
    }

    /** Whether the database refused a value of the batch: the error or one of its causes or next ones says so. */
    private boolean refusedValue(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (SQLException s = t instanceof SQLException sql ? sql : null; s != null; s = s.getNextException()) {
                if (settings.dialect().refusedValue(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void pruneWhenDue() {
        if (settings.retention() == null || System.nanoTime() - nextPruneNanos < 0) {
            return;
        }
        Duration every = settings.retention().compareTo(MAX_PRUNE_INTERVAL) < 0 ? settings.retention()
                : MAX_PRUNE_INTERVAL;
        nextPruneNanos = System.nanoTime() + every.toNanos();
        try {
            prune();
        } catch (RuntimeException e) {
            log.warn("history: {}", e.getMessage());
        }
    }

    /**
     * Where and how the history is stored. Start from {@link #defaults()}, {@link #h2(Path)}, {@link #sqlite(Path)}
     * or {@link #jdbc(String, String, String)} and change what differs with the {@code with...} methods.
     *
     * @param jdbcUrl       JDBC URL of an H2, PostgreSQL or SQLite database
     * @param user          database user, may be {@code null}
     * @param password      database password, may be {@code null}
     * @param schema        schema to create and use, or {@code null} for the connection's default; SQLite has none
     * @param batchSize     records per JDBC batch; the writer also wakes up when this many are queued
     * @param flushInterval longest time a record waits in the queue while the writer is idle
     * @param queueCapacity records queued at most; beyond, new records are dropped
     * @param retention     rows older than this are deleted; {@code null} keeps them forever
     * @param redactedKeys  param keys (any depth, case-insensitive) whose values are stored as {@code "***"}
     * @param worker        the name stored in column {@code worker}: by default {@code pid@host}
     */
    public record Settings(
            String jdbcUrl,
            String user,
            String password,
            String schema,
            int batchSize,
            Duration flushInterval,
            int queueCapacity,
            Duration retention,
            Set<String> redactedKeys,
            String worker) {

        /** Under the data directory of {@code ./ebats up}. */
        public static final Path DEFAULT_DIRECTORY = Path.of(".ebats", "history");
        public static final Set<String> DEFAULT_REDACTED_KEYS =
                Set.of("password", "token", "secret", "authorization", "api_key");
        public static final int DEFAULT_BATCH_SIZE = 1000;
        public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(500);
        public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
        public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

        public Settings {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(flushInterval, "flushInterval");
            if (batchSize < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("batchSize and queueCapacity must be at least 1");
            }
            if (flushInterval.isNegative() || flushInterval.isZero()) {
                throw new IllegalArgumentException("flushInterval must be positive: " + flushInterval);
            }
            if (retention != null && (retention.isNegative() || retention.isZero())) {
                throw new IllegalArgumentException("retention must be positive or null: " + retention);
            }
            if (schema != null && SqlDialect.of(jdbcUrl) == SqlDialect.SQLITE) {
                throw new IllegalArgumentException("SQLite has no schemas: use a file of its own instead of schema "
                        + schema);
            }
            redactedKeys = Set.copyOf(redactedKeys == null ? Set.of() : redactedKeys);
            worker = worker == null ? defaultWorker() : worker;
        }

        /** SQLite file database under {@link #DEFAULT_DIRECTORY}, 30 days retention. */
        public static Settings defaults() {
            return sqlite(DEFAULT_DIRECTORY);
        }

        /**
         * H2 file database {@code history} in the given directory. {@link #sqlite(Path) SQLite} costs about half as
         * much CPU per attempt; H2 is kept for the histories recorded with it.
         */
        public static Settings h2(Path directory) {
            String file = directory.toAbsolutePath().resolve("history").toString().replace('\\', '/');
            // AUTO_SERVER: the first process opens a TCP port on loopback that later processes (ebats history,
            // ebats dashboard) connect through, so several processes can read one file while the first writes.
            return jdbc("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE", "sa", "");
        }

        /**
         * SQLite file database {@code history.db} in the given directory, in write-ahead-log mode: other processes
         * ({@code ebats history}, {@code ebats dashboard}) read it while this one writes. A committed batch survives
         * the process; the last ones may be lost with the machine (SQLite's {@code synchronous=NORMAL}).
         */
        public static Settings sqlite(Path directory) {
            String file = directory.toAbsolutePath().resolve("history.db").toString().replace('\\', '/');
            return jdbc(SqlDialect.SQLITE_PREFIX + file + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000",
                    null, null);
        }

        /** Any JDBC URL (H2, PostgreSQL or SQLite), with the default tuning. */
        public static Settings jdbc(String jdbcUrl, String user, String password) {
            return new Settings(jdbcUrl, user, password, null, DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL,
                    DEFAULT_QUEUE_CAPACITY, DEFAULT_RETENTION, DEFAULT_REDACTED_KEYS, null);
        }

        SqlDialect dialect() {
            return SqlDialect.of(jdbcUrl);
        }

        /** The file of a SQLite database, or null for another database or one in memory. */
        Path sqliteFile() {
            if (dialect() != SqlDialect.SQLITE) {
                return null;
            }
            String file = jdbcUrl.substring(SqlDialect.SQLITE_PREFIX.length());
            int query = file.indexOf('?');
            file = query < 0 ? file : file.substring(0, query);
            file = file.startsWith("file:") ? file.substring("file:".length()) : file;
            return file.isEmpty() || file.startsWith(":memory:") ? null : Path.of(file);
        }

        public Settings withSchema(String value) {
            return new Settings(jdbcUrl, user, password, value, batchSize, flushInterval, queueCapacity,
                    retention, redactedKeys, worker);
        }

        public Settings withBatchSize(int value) {
            return new Settings(jdbcUrl, user, password, schema, value, flushInterval, queueCapacity,
                    retention, redactedKeys, worker);
        }

        public Settings withFlushInterval(Duration value) {
            return new Settings(jdbcUrl, user, password, schema, batchSize, value, queueCapacity,
                    retention, redactedKeys, worker);
        }

        public Settings withQueueCapacity(int value) {
            return new Settings(jdbcUrl, user, password, schema, batchSize, flushInterval, value,
                    retention, redactedKeys, worker);
        }

        /** Rows older than this are deleted; {@code null} keeps them forever. */
        public Settings withRetention(Duration value) {
            return new Settings(jdbcUrl, user, password, schema, batchSize, flushInterval, queueCapacity,
                    value, redactedKeys, worker);
        }

        public Settings withRedactedKeys(Set<String> value) {
            return new Settings(jdbcUrl, user, password, schema, batchSize, flushInterval, queueCapacity,
                    retention, value, worker);
        }

        public Settings withWorker(String value) {
            return new Settings(jdbcUrl, user, password, schema, batchSize, flushInterval, queueCapacity,
                    retention, redactedKeys, value);
        }

        /** The password is not shown. */
        @Override
        public String toString() {
            return "Settings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", schema=" + schema + ", batchSize="
                    + batchSize + ", flushInterval=" + flushInterval + ", queueCapacity=" + queueCapacity
                    + ", retention=" + retention + ", redactedKeys=" + redactedKeys + ", worker=" + worker + "]";
        }

        private static String defaultWorker() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "localhost";
            }
            return ProcessHandle.current().pid() + "@" + host;
        }
    }
}
