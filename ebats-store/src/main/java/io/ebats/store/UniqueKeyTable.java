package io.ebats.store;

import io.ebats.Attempt;
import io.ebats.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of table {@code ebats_unique_key}, alike on every database (its times are epoch milliseconds). A claim is
 * an insert; when the key exists, its row is read and taken over by a compare-and-set update when it is free. Each
 * statement commits alone: on PostgreSQL a failed insert would abort a surrounding transaction.
 */
final class UniqueKeyTable {

    static final String PENDING = "PENDING";
    static final String QUEUED = "QUEUED";
    static final String SUCCEEDED = "SUCCEEDED";
    /** Task ids per statement of a release, well under every database's limit of bound parameters. */
    private static final int IDS_PER_STATEMENT = 500;
    /** Rounds of insert, read and take-over before a claim gives up: each lost round means another creator won. */
    private static final int CLAIM_ROUNDS = 16;

    /** How often the writer thread deletes the keys whose window ended. */
    private static final long EXPIRED_DELETE_INTERVAL_NANOS = Duration.ofHours(1).toNanos();
    private static final Logger log = LoggerFactory.getLogger(UniqueKeyTable.class);

    private final DataSource dataSource;
    private final SqlDialect dialect;
    /** Read and written by the writer thread only. */
    private long nextExpiredDeleteNanos = System.nanoTime() + EXPIRED_DELETE_INTERVAL_NANOS;

    UniqueKeyTable(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** The row of a key: who holds it, how, and since when. */
    record Holder(String taskId, String state, long claimedAt, Long expiresAt) {

        boolean free(long now, Duration pendingTimeout) {
            return switch (state) {
                case SUCCEEDED -> expiresAt != null && expiresAt <= now;
                case PENDING -> claimedAt <= now - pendingTimeout.toMillis();
                default -> false;
            };
        }
    }

    /** The task id that holds the key once the claim is done: {@code taskId} when it won. */
    String claim(String key, String fullTaskId, Duration window, Duration pendingTimeout) throws SQLException {
        String taskId = AttemptTable.cut(fullTaskId, AttemptTable.NAME_LIMIT); // as the release takes it
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (int round = 0; round < CLAIM_ROUNDS; round++) {
                long now = System.currentTimeMillis();
                if (insert(c, key, taskId, window, now)) {
                    return fullTaskId;
                }
                Holder holder = holder(c, key);
                if (holder == null) {
                    continue; // released between the insert and the read: insert again
                }
                if (holder.taskId().equals(taskId)) {
                    return fullTaskId;
                }
                if (!holder.free(now, pendingTimeout)) {
                    return holder.taskId();
                }
                if (takeOver(c, key, holder, taskId, window, now)) {
                    return fullTaskId;
                }
            }
        }
        throw new SQLException("unique key " + key + " changed hands " + CLAIM_ROUNDS + " times during one claim");
    }

    private boolean insert(Connection c, String key, String taskId, Duration window, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ebats_unique_key (unique_key, task_id, state,"
                + " claimed_at, window_ms, expires_at) VALUES (?, ?, ?, ?, ?, NULL)")) {
            ps.setString(1, key);
            ps.setString(2, taskId);
            ps.setString(3, PENDING);
            ps.setLong(4, now);
            ps.setLong(5, window.toMillis());
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (dialect.duplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean takeOver(Connection c, String key, Holder old, String taskId, Duration window, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ebats_unique_key SET task_id = ?, state = ?,"
                + " claimed_at = ?, window_ms = ?, expires_at = NULL"
                + " WHERE unique_key = ? AND task_id = ? AND state = ? AND claimed_at = ?")) {
            ps.setString(1, taskId);
            ps.setString(2, PENDING);
            ps.setLong(3, now);
            ps.setLong(4, window.toMillis());
            ps.setString(5, key);
            ps.setString(6, old.taskId());
            ps.setString(7, old.state());
            ps.setLong(8, old.claimedAt());
            return ps.executeUpdate() == 1;
        }
    }

    /** The row of the key, or null when there is none. */
    Holder holder(String key) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return holder(c, key);
        }
    }

    private static Holder holder(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT task_id, state, claimed_at, expires_at"
                + " FROM ebats_unique_key WHERE unique_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long expires = rs.getLong(4);
                Long expiresAt = rs.wasNull() ? null : expires;
                return new Holder(rs.getString(1), rs.getString(2), rs.getLong(3), expiresAt);
            }
        }
    }

    /** Pending for {@code taskId} becomes queued; a key in another state or of another task stays as it is. */
    void queued(String key, String taskId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE ebats_unique_key SET state = ?"
                     + " WHERE unique_key = ? AND task_id = ? AND state = ?")) {
            ps.setString(1, QUEUED);
            ps.setString(2, key);
            ps.setString(3, AttemptTable.cut(taskId, AttemptTable.NAME_LIMIT));
            ps.setString(4, PENDING);
            ps.executeUpdate();
        }
    }

    /** Deletes the key if {@code taskId} holds it. */
    void abandon(String key, String taskId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM ebats_unique_key"
                     + " WHERE unique_key = ? AND task_id = ?")) {
            ps.setString(1, key);
            ps.setString(2, AttemptTable.cut(taskId, AttemptTable.NAME_LIMIT));
            ps.executeUpdate();
        }
    }

    /**
     * Deletes the succeeded keys whose window ended, so that the table does not grow with every key ever used (a
     * claim takes such a key over anyway).
     */
    int deleteExpired() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM ebats_unique_key"
                     + " WHERE state = ? AND expires_at <= ?")) {
            ps.setString(1, SUCCEEDED);
            ps.setLong(2, System.currentTimeMillis());
            return ps.executeUpdate();
        }
    }

    /** {@link #deleteExpired()} an hour after the start and then hourly, on the writer thread; logs failures. */
    void deleteExpiredWhenDue() {
        if (System.nanoTime() - nextExpiredDeleteNanos < 0) {
            return;
        }
        nextExpiredDeleteNanos = System.nanoTime() + EXPIRED_DELETE_INTERVAL_NANOS;
        try {
            deleteExpired();
        } catch (SQLException e) {
            log.warn("history: deleting the unique keys whose window ended failed: {}", e.getMessage());
        }
    }

    /**
     * Releases the keys of the tasks of the batch that ended, on the connection (and in the transaction) that
     * stores their attempts: a success holds its key until now plus its window, a failure, death or cancel frees it.
     */
    static void release(Connection c, List<Attempt> batch) throws SQLException {
        List<String> succeeded = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        for (Attempt a : batch) {
            if (a.outcome() == Outcome.SUCCEEDED) {
                succeeded.add(AttemptTable.cut(a.taskId(), AttemptTable.NAME_LIMIT));
            } else if (a.outcome() == Outcome.FAILED || a.outcome() == Outcome.DEAD
                    || a.outcome() == Outcome.CANCELLED) {
                dead.add(AttemptTable.cut(a.taskId(), AttemptTable.NAME_LIMIT));
            }
        }
        long now = System.currentTimeMillis();
        for (List<String> ids : chunks(succeeded)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ebats_unique_key SET state = ?,"
                    + " expires_at = ? + window_ms WHERE task_id IN (" + placeholders(ids.size()) + ")")) {
                ps.setString(1, SUCCEEDED);
                ps.setLong(2, now);
                bind(ps, 3, ids);
                ps.executeUpdate();
            }
        }
        for (List<String> ids : chunks(dead)) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ebats_unique_key WHERE task_id IN ("
                    + placeholders(ids.size()) + ")")) {
                bind(ps, 1, ids);
                ps.executeUpdate();
            }
        }
    }

    private static List<List<String>> chunks(List<String> ids) {
        if (ids.isEmpty()) {
            return Collections.emptyList();
        }
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_STATEMENT) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + IDS_PER_STATEMENT)));
        }
        return chunks;
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement ps, int first, List<String> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            ps.setString(first + i, ids.get(i));
        }
    }
}
