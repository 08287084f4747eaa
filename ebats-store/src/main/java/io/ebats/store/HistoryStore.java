package io.ebats.store;

import com.zaxxer.hikari.HikariDataSource;
import io.ebats.Attempt;
import io.ebats.AttemptListener;
import io.ebats.Cancellation;
import io.ebats.CancelledTasks;
import io.ebats.Ebats;
import io.ebats.Outcome;
import io.ebats.SettledTasks;
import io.ebats.SucceededTasks;
import io.ebats.UniqueKeys;
import io.ebats.Worker;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The history of the attempts of tasks, in a SQL database (SQLite, H2 or PostgreSQL), to search and view: register
 * it as a worker's {@link Worker.Builder#listener listener}.
 *
 * <pre>{@code
 * try (HistoryStore history = HistoryStore.open(HistorySettings.defaults())) {
 *     ebats.worker().topic("demo").listener(history).handle(...).start();
 *     List<AttemptRecord> failed = history.find(HistoryQuery.builder().outcome(Outcome.FAILED).build());
 * }
 * }</pre>
 *
 * <p><b>What is recorded.</b> One row per attempt the worker reports: its task, event, topic and name, its params,
 * outcome, attempt number, start, duration, error and the {@link HistorySettings#worker() worker}'s name. Param
 * values under the {@link HistorySettings#redactedKeys() redacted keys} are stored as {@code "***"}, at any depth;
 * params that mention such a key but cannot be parsed are stored as a marker. Texts longer than their column are
 * cut; NUL characters are stored as U+FFFD. Rows older than the {@link HistorySettings#retention() retention}
 * are deleted soon after {@link #open} and then at least every hour.
 *
 * <p><b>When it is visible.</b> {@link #onAttempt} returns before the record is stored. The record is visible
 * to {@link #find} and {@link #count}, in this process and others, within about the
 * {@link HistorySettings#flushInterval() flush interval}, sooner when a {@link HistorySettings#batchSize() batch}
 * of records waits. {@link #succeeded} knows the successes of this process at once.
 *
 * <p><b>When the database is slow or down.</b> {@link #onAttempt} never blocks the worker. Up to
 * {@link HistorySettings#queueCapacity()} records wait in memory; beyond, new records are dropped and counted in
 * {@link #dropped()}. Records the database fails to store are lost and counted in {@link #failed()}; a record
 * whose values it refuses loses only itself, not the others stored with it. Records still waiting are lost if the
 * process dies; {@link #close()} stores them first. The queries throw {@link IllegalStateException} while the
 * database cannot answer.
 *
 * <p><b>Unique keys.</b> It holds the keys of {@link io.ebats.UniqueTasks} in table {@code ebats_unique_key}, and
 * releases the key of a task when it stores the attempt that ended the task (in the same transaction): a success
 * holds it for its window, a failure or death frees it. So the workers of a topic whose tasks carry unique keys
 * must record to the database of the store that claims the keys. Keys whose window ended are deleted every hour.
 *
 * <p><b>Cancels.</b> It holds the cancels of {@link io.ebats.Cancellations} in table {@code ebats_cancellation}; give
 * it to the workers as {@link Worker.Builder#cancellations}. A cancel is deleted once it is older than the retention
 * and its task's end is stored; one whose task never arrived stays.
 *
 * <p><b>Who closes what.</b> The caller closes the store, after the workers that report to it (what they report
 * after it closed is dropped). It owns its connection pool and one daemon thread, {@code ebats-history-writer};
 * it closes neither the workers nor {@link Ebats}.
 *
 * <p><b>Thread safety.</b> All methods may be called from any number of threads.
 */
public final class HistoryStore implements AttemptListener, SucceededTasks, SettledTasks, UniqueKeys, CancelledTasks,
        AutoCloseable {

    /** Pages counted past the offset by the dashboard's runs list and {@code ebats history}. */
    public static final int PAGES_COUNTED_AHEAD = 20;
    /** Task ids of recent successes kept in memory: the writes still queued and a margin. */
    private static final int RECENT_SUCCESSES = 65_536;

    private final HistorySettings settings;
    private final HikariDataSource pool;
    private final AttemptTable table;
    private final UniqueKeyTable uniqueKeys;
    private final CancellationTable cancellations;
    private final Pruner pruner;
    private final HistoryWriter writer;
    private final RecentIds recentSuccesses = new RecentIds(RECENT_SUCCESSES);
    private boolean closed;

    private HistoryStore(HistorySettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
        this.table = new AttemptTable(pool, SqlDialect.of(settings.jdbcUrl()), new Redactor(settings.redactedKeys()),
                settings.worker());
        this.uniqueKeys = new UniqueKeyTable(pool, SqlDialect.of(settings.jdbcUrl()));
        this.cancellations = new CancellationTable(pool, SqlDialect.of(settings.jdbcUrl()), table);
        this.pruner = new Pruner(table, settings.retention());
        this.writer = new HistoryWriter(table, settings, () -> {
            cancellations.deleteEndedWhenDue(settings.retention());
            pruner.pruneWhenDue();
            uniqueKeys.deleteExpiredWhenDue();
        });
    }

    /**
     * Connects, creates or migrates the schema (table {@code ebats_attempt}) and starts recording.
     *
     * @throws IllegalStateException when the database cannot be reached or migrated
     */
    public static HistoryStore open(HistorySettings settings) {
        Objects.requireNonNull(settings, "settings");
        HistoryStore store = new HistoryStore(settings, PooledDatabase.open(settings));
        store.writer.start();
        return store;
    }

    /**
     * Takes the attempt to be stored and returns at once. When too many records wait, or the store is closed, the
     * record is dropped and counted instead of blocking the worker; see {@link #dropped()}.
     */
    @Override
    public void onAttempt(Attempt attempt) {
        Objects.requireNonNull(attempt, "attempt");
        if (attempt.outcome() == Outcome.SUCCEEDED) {
            recentSuccesses.add(attempt.taskId());
        }
        writer.offer(attempt);
    }

    /**
     * Whether the task succeeded before: in this process (also while its record still waits to be stored) or
     * according to the database. Pass the store to {@link Worker.Builder#skipSucceeded} to skip copies of tasks
     * that already succeeded.
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

    /**
     * Whether the newest stored attempt of the task ended it (succeeded, failed, died or skipped); false when none
     * is stored yet. Pass the store to {@code Ebats.startSchedules} for schedules with overlap skip. An attempt is
     * seen here once stored, within about the {@link HistorySettings#flushInterval() flush interval}.
     *
     * @throws IllegalStateException when the database cannot be asked
     */
    @Override
    public boolean settled(String taskId) {
        try {
            return table.settled(taskId);
        } catch (SQLException e) {
            throw new IllegalStateException("history lookup of task " + taskId + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Claims the unique key in table {@code ebats_unique_key}, exact across processes by its primary key.
     *
     * @throws IllegalStateException when the database cannot be asked
     */
    @Override
    public String claim(String key, String taskId, Duration window, Duration pendingTimeout) {
        try {
            return uniqueKeys.claim(key, taskId, window, pendingTimeout);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim unique key " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void queued(String key, String taskId) {
        try {
            uniqueKeys.queued(key, taskId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark unique key " + key + " queued: " + e.getMessage(), e);
        }
    }

    @Override
    public void abandon(String key, String taskId) {
        try {
            uniqueKeys.abandon(key, taskId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot free unique key " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records the cancel of the task in table {@code ebats_cancellation}, unless the newest stored attempt ended it.
     * An attempt is seen here once stored, within about the {@link HistorySettings#flushInterval() flush interval}:
     * a task that ended just before is recorded as cancelled, which changes nothing but a later copy of it.
     *
     * @throws IllegalStateException when the database cannot be asked or written
     */
    @Override
    public Cancellation cancel(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        try {
            return cancellations.cancel(taskId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the cancel of task " + taskId + ": " + e.getMessage(), e);
        }
    }

    /**
     * The ids of the tasks whose cancel is held in table {@code ebats_cancellation}.
     *
     * @throws IllegalStateException when the database cannot be asked
     */
    @Override
    public Set<String> cancelledIds() {
        try {
            return cancellations.ids();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the cancelled tasks: " + e.getMessage(), e);
        }
    }

    /** Deletes at once the cancels older than the retention whose task ended; the store does so every hour too. */
    int deleteEndedCancels() {
        try {
            return settings.retention() == null ? 0 : cancellations.deleteEnded(settings.retention());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete the cancels of ended tasks: " + e.getMessage(), e);
        }
    }

    /**
     * The task that holds the unique key and how (for tools and tests), or null when none does. A key whose window
     * ended, or that a dead creator left pending, is still returned until a claim takes it over.
     *
     * @throws IllegalStateException when the database cannot be asked
     */
    public UniqueKeyHolder uniqueKeyHolder(String key) {
        try {
            UniqueKeyTable.Holder h = uniqueKeys.holder(key);
            return h == null ? null : new UniqueKeyHolder(h.taskId(), h.state(), Instant.ofEpochMilli(h.claimedAt()),
                    h.expiresAt() == null ? null : Instant.ofEpochMilli(h.expiresAt()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read unique key " + key + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the succeeded unique keys whose window ended, at once; the store does so every hour too. */
    int deleteExpiredUniqueKeys() {
        try {
            return uniqueKeys.deleteExpired();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete expired unique keys: " + e.getMessage(), e);
        }
    }

    /** The retention: attempts older than it are deleted, so an older task's settling is not known. */
    @Override
    public Duration remembers() {
        return settings.retention();
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
        return ThroughputBuckets.count(table, since, bucket);
    }

    /**
     * Deletes the rows that started before now minus the retention, at once; the store does so periodically too.
     *
     * @return the number of rows deleted; 0 when there is no retention
     */
    public int prune() {
        return pruner.prune();
    }

    /** Records dropped because too many waited (or the store was closed). */
    public long dropped() {
        return writer.dropped();
    }

    /** Records lost because the database failed to store them. */
    public long failed() {
        return writer.failed();
    }

    /** Records stored so far. */
    public long written() {
        return writer.written();
    }

    /** The settings this store was opened with. */
    public HistorySettings settings() {
        return settings;
    }

    /** Stores the records still waiting, then closes the connection pool. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
        } finally {
            pool.close();
        }
    }
}
