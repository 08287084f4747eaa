package io.ebats.store;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes the rows older than the retention: when asked, and when due on the writer thread. */
final class Pruner {

    private static final Logger log = LoggerFactory.getLogger(Pruner.class);
    /** A short retention prunes as often as it is long; a long one, still every hour. */
    private static final Duration MAX_PRUNE_INTERVAL = Duration.ofHours(1);

    private final AttemptTable table;
    private final Duration retention;
    private final long intervalNanos;
    /** Read and written by the writer thread only. */
    private long nextPruneNanos = System.nanoTime();

    /** @param retention {@code null} to keep rows forever */
    Pruner(AttemptTable table, Duration retention) {
        this.table = table;
        this.retention = retention;
        this.intervalNanos = retention == null ? 0 : min(retention, MAX_PRUNE_INTERVAL).toNanos();
    }

    /**
     * Deletes the rows that started before now minus the retention.
     *
     * @return the number of rows deleted; 0 when there is no retention
     * @throws IllegalStateException when the database fails
     */
    int prune() {
        if (retention == null) {
            return 0;
        }
        try {
            int deleted = table.deleteStartedBefore(Instant.now().minus(retention));
            if (deleted > 0) {
                log.info("history: pruned {} attempt(s) older than {}", deleted, retention);
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("history prune failed: " + e.getMessage(), e);
        }
    }

    /** Prunes when the interval has passed since the last time; logs a failure instead of throwing. */
    void pruneWhenDue() {
        if (retention == null || System.nanoTime() - nextPruneNanos < 0) {
            return;
        }
        nextPruneNanos = System.nanoTime() + intervalNanos;
        try {
            prune();
        } catch (RuntimeException e) {
            log.warn("history: {}", e.getMessage());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
