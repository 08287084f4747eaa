package io.ebats.bench;

import io.ebats.Ebats;
import io.ebats.store.HistoryQuery;
import io.ebats.store.HistoryStore;
import java.time.Duration;

/**
 * The {@code direct} workload on a topic of its own, with a {@link HistoryStore} as the worker's first attempt
 * listener, so each task is done only after its record is queued for writing. After a round's tasks are done,
 * {@link #settle} waits until the store has written all of the round's records.
 */
final class HistoryWorkload implements Workload {

    static final String TOPIC = "history";

    private final BenchHistory history;
    private final DirectWorkload direct;
    private volatile Counts start = Counts.NONE;

    HistoryWorkload(Ebats ebats, BenchmarkOptions options, HistoryDatabase database) {
        this.history = BenchHistory.open(database);
        try {
            this.direct = new DirectWorkload(ebats, TOPIC, options, history.store());
        } catch (RuntimeException | Error e) {
            try {
                history.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public Publisher publisher(int thread) {
        return direct.publisher(thread);
    }

    @Override
    public void route(Round round) {
        start = Counts.of(history.store());
        direct.route(round);
    }

    @Override
    public HistoryWrites settle(Round round, Duration timeout) throws InterruptedException {
        HistoryStore store = history.store();
        long deadline = System.nanoTime() + timeout.toNanos();
        Counts before = start;
        Counts now = Counts.of(store, 0);
        while (now.accounted() - before.accounted() < round.count() && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
            now = Counts.of(store, 0);
        }
        long end = System.nanoTime();
        long rows = store.count(HistoryQuery.all()) - before.rows();
        long first = round.firstSentNanos();
        long last = round.lastDoneNanos();
        return new HistoryWrites(history.database(), round.count(), now.written() - before.written(),
                now.dropped() - before.dropped(), now.failed() - before.failed(), rows,
                first == Long.MAX_VALUE ? 0 : (end - first) / 1e9,
                last == Long.MIN_VALUE ? 0 : Math.max(0, end - last) / 1e9);
    }

    @Override
    public void close() {
        try {
            direct.close();
        } finally {
            history.close();
        }
    }

    /** The store's counters, and the rows in its table, at one moment. */
    private record Counts(long written, long dropped, long failed, long rows) {

        static final Counts NONE = new Counts(0, 0, 0, 0);

        static Counts of(HistoryStore store) {
            return of(store, store.count(HistoryQuery.all()));
        }

        static Counts of(HistoryStore store, long rows) {
            return new Counts(store.written(), store.dropped(), store.failed(), rows);
        }

        long accounted() {
            return written + dropped + failed;
        }
    }
}
