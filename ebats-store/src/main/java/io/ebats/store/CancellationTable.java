package io.ebats.store;

import io.ebats.Cancellation;
import io.ebats.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of table {@code ebats_cancellation}: a cancel is an insert, exact across processes by the primary key on
 * the task id. Each statement commits alone, as in {@link UniqueKeyTable}.
 */
final class CancellationTable {

    /** How often the writer thread deletes the cancels that are old and whose task ended. */
    private static final long DELETE_INTERVAL_NANOS = Duration.ofHours(1).toNanos();
    private static final Logger log = LoggerFactory.getLogger(CancellationTable.class);

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final AttemptTable attempts;
    /** Read and written by the writer thread only. */
    private long nextDeleteNanos = System.nanoTime() + DELETE_INTERVAL_NANOS;

    CancellationTable(DataSource dataSource, SqlDialect dialect, AttemptTable attempts) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.attempts = attempts;
    }

    /** Records the cancel unless the newest stored attempt ended the task. */
    Cancellation cancel(String fullTaskId) throws SQLException {
        String taskId = AttemptTable.cut(fullTaskId, AttemptTable.NAME_LIMIT);
        Outcome newest = attempts.newestOutcome(taskId);
        if (newest == Outcome.CANCELLED) {
            return new Cancellation(fullTaskId, Cancellation.Result.ALREADY_CANCELLED, newest);
        }
        if (newest != null && newest != Outcome.RETRYING) {
            return new Cancellation(fullTaskId, Cancellation.Result.FINISHED, newest);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO ebats_cancellation (task_id, cancelled_at)"
                     + " VALUES (?, ?)")) {
            c.setAutoCommit(true);
            ps.setString(1, taskId);
            ps.setLong(2, System.currentTimeMillis());
            ps.executeUpdate();
            return new Cancellation(fullTaskId, Cancellation.Result.CANCELLED, newest);
        } catch (SQLException e) {
            if (dialect.duplicateKey(e)) {
                return new Cancellation(fullTaskId, Cancellation.Result.ALREADY_CANCELLED, newest);
            }
            throw e;
        }
    }

    /** Every task id with a cancel. */
    Set<String> ids() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT task_id FROM ebats_cancellation");
             ResultSet rs = ps.executeQuery()) {
            Set<String> ids = new HashSet<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    /**
     * Deletes the cancels older than {@code retention} whose task's end is stored (cancelled, or ended otherwise when
     * the cancel came too late): a copy of such a task that arrives later runs. A cancel whose task never came stays,
     * however old: its task may still be delayed.
     */
    int deleteEnded(Duration retention) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM ebats_cancellation WHERE cancelled_at < ?"
                     + " AND task_id IN (SELECT task_id FROM ebats_attempt WHERE outcome <> ?)")) {
            ps.setLong(1, System.currentTimeMillis() - retention.toMillis());
            ps.setString(2, Outcome.RETRYING.name());
            return ps.executeUpdate();
        }
    }

    /**
     * {@link #deleteEnded} an hour after the start and then hourly, on the writer thread, before the attempts that
     * tell a task ended are pruned; logs failures. Nothing is deleted without a retention.
     */
    void deleteEndedWhenDue(Duration retention) {
        if (retention == null || System.nanoTime() - nextDeleteNanos < 0) {
            return;
        }
        nextDeleteNanos = System.nanoTime() + DELETE_INTERVAL_NANOS;
        try {
            deleteEnded(retention);
        } catch (SQLException e) {
            log.warn("history: deleting the cancels of ended tasks failed: {}", e.getMessage());
        }
    }
}
