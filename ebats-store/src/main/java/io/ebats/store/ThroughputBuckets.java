package io.ebats.store;

import io.ebats.Outcome;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Attempts per outcome in consecutive buckets of time, empty ones included: the data of a throughput chart. */
final class ThroughputBuckets {

    /** More buckets than a chart can show: a bucket too short for the span asked for. */
    private static final long MAX_BUCKETS = 100_000;

    private ThroughputBuckets() {
    }

    /**
     * @param since  the start; rounded down to a whole bucket
     * @param bucket the bucket length, at least one second
     * @throws IllegalArgumentException when the bucket is shorter than a second or there would be too many
     * @throws IllegalStateException    when the database fails
     */
    static List<OutcomeCounts> count(AttemptTable table, Instant since, Duration bucket) {
        long seconds = bucket.toSeconds();
        if (seconds < 1) {
            throw new IllegalArgumentException("bucket must be at least 1s, was " + bucket);
        }
        long first = Math.floorDiv(since.getEpochSecond(), seconds);
        long last = Math.floorDiv(Instant.now().getEpochSecond(), seconds);
        if (last - first > MAX_BUCKETS) {
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
}
