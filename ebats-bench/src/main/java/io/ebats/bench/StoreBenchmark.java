package io.ebats.bench;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;
import io.ebats.Attempt;
import io.ebats.Outcome;
import io.ebats.store.HistoryStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The history store alone, without a broker: attempt records of successful {@code bench.noop} tasks (UUIDv7 task
 * ids, the params of the other scenarios) are fed to a {@link HistoryStore} with its default tuning at a set
 * rate, in rounds; each round ends when all its records are written and reports the CPU per record of the whole
 * process, of the store's writer thread, of the database's own threads in the process (H2's; SQLite has none) and
 * of the rest of the machine (a local database server's). What the {@code history} scenario adds to
 * {@code direct}, told apart from the engine and the broker.
 */
public final class StoreBenchmark {

    public static final int DEFAULT_ROUNDS = 8;
    public static final int DEFAULT_RECORDS = 100_000;
    public static final int DEFAULT_RATE = 10_000;
    /** The first rounds, while the JIT compiles the store and the database, are left out of the medians. */
    public static final int WARM_UP_ROUNDS = 2;

    private static final String WRITER_THREAD = "ebats-history-writer";
    private static final Duration WRITE_WAIT = Duration.ofSeconds(60);
    private static final int PACE_EVERY = 100;
    /** UUIDv7, as ebats gives tasks by default: the history's index on task ids grows at its end. */
    private static final NoArgGenerator TASK_IDS = Generators.timeBasedEpochGenerator();

    private final Options options;
    private final HistoryDatabase database;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /**
     * @param rounds       rounds of {@code records} each
     * @param records      records fed per round
     * @param rate         records fed a second; 0 for as fast as the store writes them
     * @param messageBytes about the size of each record's JSON params
     */
    public record Options(int rounds, int records, int rate, int messageBytes) {

        public Options {
            if (rounds < 1 || records < 1) {
                throw new IllegalArgumentException("rounds and records must be at least 1, were " + rounds + " and "
                        + records);
            }
            if (rate < 0) {
                throw new IllegalArgumentException("rate must be 0 (as fast as the store writes) or more, was "
                        + rate);
            }
            if (messageBytes < BenchmarkOptions.MIN_MESSAGE_BYTES
                    || messageBytes > BenchmarkOptions.MAX_MESSAGE_BYTES) {
                throw new IllegalArgumentException("message size must be from " + BenchmarkOptions.MIN_MESSAGE_BYTES
                        + " to " + BenchmarkOptions.MAX_MESSAGE_BYTES + " bytes, was " + messageBytes);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_ROUNDS, DEFAULT_RECORDS, DEFAULT_RATE, BenchmarkOptions.DEFAULT_MESSAGE_BYTES);
        }
    }

    /**
     * One round: its records, how long they took from the first fed to the last written, and the CPU spent
     * meanwhile (nanoseconds; {@code machineBusyNanos} is -1 where {@code /proc/stat} cannot be read).
     */
    public record Round(int index, int records, long elapsedNanos, long processNanos, long writerNanos,
                        long databaseThreadsNanos, long machineBusyNanos) {

        public double recordsPerSecond() {
            return records * 1e9 / elapsedNanos;
        }

        public double processMicros() {
            return processNanos / 1e3 / records;
        }

        public double writerMicros() {
            return writerNanos / 1e3 / records;
        }

        public double databaseThreadsMicros() {
            return databaseThreadsNanos / 1e3 / records;
        }

        /** Outside this process (a local database server, the kernel's writeback, the broker idling); -1 if unknown. */
        public double restOfMachineMicros() {
            return machineBusyNanos < 0 ? -1 : Math.max(0, machineBusyNanos - processNanos) / 1e3 / records;
        }
    }

    public StoreBenchmark(Options options, HistoryDatabase database) {
        this.options = Objects.requireNonNull(options, "options");
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Runs the rounds on a fresh database, removed afterwards.
     *
     * @throws IllegalStateException when a record is dropped or fails to be written, or a round's records are not
     *                               all written within a minute of the last one fed
     */
    public List<Round> run(Consumer<Round> progress) {
        List<Round> rounds = new ArrayList<>();
        try (BenchHistory history = BenchHistory.open(database)) {
            HistoryStore store = history.store();
            String params = paramsJson();
            for (int i = 1; i <= options.rounds(); i++) {
                Round round = round(i, store, params);
                rounds.add(round);
                progress.accept(round);
            }
        }
        return rounds;
    }

    /** The rounds as a table, and the medians of the rounds after the warm-up ones. */
    public static String table(List<Round> rounds, String database) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "history store alone on %s, CPU per record in us%n", database));
        out.append(String.format(Locale.ROOT, "%-6s %8s %9s %8s %7s %9s %6s%n",
                "round", "records", "rec/s", "process", "writer", "database", "rest"));
        for (Round r : rounds) {
            out.append(String.format(Locale.ROOT, "%-6d %8d %9.0f %8.1f %7.1f %9.1f %6s%n", r.index(), r.records(),
                    r.recordsPerSecond(), r.processMicros(), r.writerMicros(), r.databaseThreadsMicros(),
                    r.restOfMachineMicros() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.restOfMachineMicros())));
        }
        List<Round> measured = rounds.size() > WARM_UP_ROUNDS ? rounds.subList(WARM_UP_ROUNDS, rounds.size()) : rounds;
        out.append(String.format(Locale.ROOT,
                "median of rounds %d-%d: process %.1f us, writer %.1f us, database threads %.1f us per record%n",
                measured.getFirst().index(), measured.getLast().index(),
                Rates.median(measured.stream().mapToDouble(Round::processMicros).toArray()),
                Rates.median(measured.stream().mapToDouble(Round::writerMicros).toArray()),
                Rates.median(measured.stream().mapToDouble(Round::databaseThreadsMicros).toArray())));
        return out.toString();
    }


    private Round round(int index, HistoryStore store, String params) {
        long[] threadsBefore = threadCpu();
        CpuUse.Reading cpuBefore = CpuUse.now();
        long start = System.nanoTime();
        long writtenBefore = store.written();
        long target = writtenBefore + options.records();
        for (int i = 1; i <= options.records(); i++) {
            store.onAttempt(new Attempt("bench.store", TASK_IDS.generate().toString(), "bench.noop", params,
                    Duration.ofMillis(1), Outcome.SUCCEEDED, "ok", 1, null, Instant.now(), null, null));
            pace(store, start, i, writtenBefore + i);
        }
        awaitWritten(store, target);
        long elapsed = System.nanoTime() - start;
        CpuUse cpu = CpuUse.now().since(cpuBefore);
        long[] threadsAfter = threadCpu();
        return new Round(index, options.records(), elapsed, cpu.jvmNanos(), threadsAfter[0] - threadsBefore[0],
                threadsAfter[1] - threadsBefore[1], cpu.machineNanos());
    }

    /**
     * Holds the feeding to the rate, and with rate 0 to half the store's queue ahead of its writes; every
     * {@value #PACE_EVERY} records, so that the feeder's own sleeps cost little of the CPU measured.
     *
     * @param fed      records fed in this round
     * @param fedInAll records fed since the store opened
     */
    private void pace(HistoryStore store, long start, int fed, long fedInAll) {
        if (fed % PACE_EVERY != 0) {
            return;
        }
        if (options.rate() > 0) {
            long due = start + (long) (fed * 1e9 / options.rate());
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
        } else {
            while (fedInAll - store.written() > store.settings().queueCapacity() / 2) {
                LockSupport.parkNanos(100_000);
            }
        }
        checkNothingLost(store);
    }

    private static void awaitWritten(HistoryStore store, long target) {
        long deadline = System.nanoTime() + WRITE_WAIT.toNanos();
        while (store.written() < target) {
            checkNothingLost(store);
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the store wrote " + store.written() + " of " + target
                        + " records within " + WRITE_WAIT.toSeconds() + " s of the last one fed");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static void checkNothingLost(HistoryStore store) {
        if (store.dropped() > 0 || store.failed() > 0) {
            throw new IllegalStateException("the store dropped " + store.dropped() + " and failed to write "
                    + store.failed() + " record(s): its queue was full or the database failed; lower --rate");
        }
    }

    /** CPU so far of the writer thread and of the database's threads ({@code H2 ...}, {@code MVStore ...}). */
    private long[] threadCpu() {
        long writer = 0;
        long database = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            long cpu = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            if (name.equals(WRITER_THREAD)) {
                writer += cpu;
            } else if (name.startsWith("H2") || name.startsWith("MVStore")) {
                database += cpu;
            }
        }
        return new long[] {writer, database};
    }

    private String paramsJson() {
        return new String(new Payload(options.messageBytes()).raw(1234), StandardCharsets.UTF_8);
    }
}
