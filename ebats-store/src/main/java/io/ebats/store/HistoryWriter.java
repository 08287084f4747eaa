package io.ebats.store;

import io.ebats.Attempt;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the attempt records behind the workers' backs: a bounded queue that one thread drains into the table in
 * batches, a full batch at once or what waits every flush interval. Counts what it wrote, dropped and lost.
 */
final class HistoryWriter {

    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
    /** The bench finds the writer's CPU time by this name. */
    private static final String THREAD_NAME = "ebats-history-writer";
    /** A batch list grows to the batch size from this capacity, not allocated at full size for a small trickle. */
    private static final int INITIAL_BATCH_CAPACITY = 1024;

    private final AttemptTable table;
    private final SqlDialect dialect;
    private final int batchSize;
    private final long flushNanos;
    private final Runnable betweenFlushes;
    private final BlockingQueue<Attempt> queue;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean closing;

    /** @param betweenFlushes run on the writer thread after each flush but the last; must not throw */
    HistoryWriter(AttemptTable table, HistorySettings settings, Runnable betweenFlushes) {
        this.table = table;
        this.dialect = SqlDialect.of(settings.jdbcUrl());
        this.batchSize = settings.batchSize();
        this.flushNanos = settings.flushInterval().toNanos();
        this.betweenFlushes = betweenFlushes;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon().unstarted(this::writeLoop);
    }

    void start() {
        thread.start();
    }

    /** Queues the record, or drops and counts it when the queue is full or the writer closing; never blocks. */
    void offer(Attempt attempt) {
        if (closing || !queue.offer(attempt)) {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1, 2, 4, 8, ...: logged, not flooded
                log.warn("history: {} attempt record(s) dropped so far ({}), last task {} of topic {}", n,
                        closing ? "store closed" : "queue full", attempt.taskId(), attempt.topic());
            }
            return;
        }
        if (queue.size() >= batchSize) {
            LockSupport.unpark(thread);
        }
    }

    long dropped() {
        return dropped.get();
    }

    long failed() {
        return failed.get();
    }

    long written() {
        return written.get();
    }

    /** Writes what is queued and waits for the thread to end; records offered from now on are dropped. */
    void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        while (true) {
            long deadline = System.nanoTime() + flushNanos;
            while (!closing && queue.size() < batchSize) {
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
            betweenFlushes.run();
        }
    }

    private void drain() {
        List<Attempt> batch = new ArrayList<>(Math.min(batchSize, INITIAL_BATCH_CAPACITY));
        while (queue.drainTo(batch, batchSize) > 0) {
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
                if (dialect.refusedValue(s)) {
                    return true;
                }
            }
        }
        return false;
    }
}
