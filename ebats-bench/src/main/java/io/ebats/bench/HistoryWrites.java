package io.ebats.bench;

import java.util.List;
import java.util.Locale;

/**
 * What the history store of the {@link Scenario#HISTORY history} scenario did with the attempt records of its
 * timed rounds. Each round waits until every record is written (or dropped, or failed) before it is counted.
 *
 * @param database   where the records went, e.g. {@code h2 file} or
 *                   {@code postgresql (schema ebats_bench_1a2b3c4d)}
 * @param expected   records the rounds produced: one per task
 * @param written    records the store wrote
 * @param dropped    records the store dropped because its queue was full; anything but 0 makes the worker's
 *                   throughput incomparable with {@code direct}'s
 * @param failed     records lost because their batch could not be written
 * @param rows       rows of the rounds counted in the table afterwards
 * @param seconds    from the first publish of a round until its last record was written, summed over the rounds
 * @param lagSeconds the longest time from the last task of a round done to its last record written
 */
public record HistoryWrites(String database, long expected, long written, long dropped, long failed, long rows,
                            double seconds, double lagSeconds) {

    /** The records of rounds run one after the other, as if they were one. */
    static HistoryWrites sum(List<HistoryWrites> rounds) {
        HistoryWrites total = new HistoryWrites(rounds.getFirst().database(), 0, 0, 0, 0, 0, 0, 0);
        for (HistoryWrites r : rounds) {
            total = new HistoryWrites(total.database, total.expected + r.expected, total.written + r.written,
                    total.dropped + r.dropped, total.failed + r.failed, total.rows + r.rows,
                    total.seconds + r.seconds, Math.max(total.lagSeconds, r.lagSeconds));
        }
        return total;
    }

    /** Why the history is incomplete, or {@code null} when every record is in the table. */
    public String problem() {
        if (dropped > 0) {
            return "DROPPED " + dropped + " of " + expected + " history records (the store's queue was full): "
                    + "the throughput is not comparable with direct";
        }
        if (failed > 0) {
            return failed + " of " + expected + " history records could not be written";
        }
        if (written < expected) {
            return "only " + written + " of " + expected + " history records written in time";
        }
        if (rows != written) {
            return rows + " history rows in the table, but " + written + " records written";
        }
        return null;
    }

    /**
     * One line, e.g. {@code 10000 rows written to h2 file (10000 in the table), 0 dropped, 0 failed; all written
     * 7.9 s after the first publish, the worker took 7.1 s ...}.
     *
     * @param workerSeconds the scenario's own time, first publish to last task done, summed over the rounds
     */
    public String summary(double workerSeconds) {
        return String.format(Locale.ROOT, "%d rows written to %s (%d in the table), %d dropped, %d failed; all "
                        + "written %.1f s after the first publish, the worker took %.1f s (the last row of a round at "
                        + "most %.2f s after its last task)", written, database, rows, dropped, failed, seconds,
                workerSeconds, lagSeconds);
    }
}
