package io.ebats.bench;

import com.sun.management.OperatingSystemMXBean;
import io.ebats.Durations;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.Schedule;
import io.ebats.ScheduleRunner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The {@code schedule} scenario: N schedules at the same fixed rate fire a task each, which a worker in this
 * JVM runs; measures each fire's lateness from its nominal time to its task done, the fires and the nominal times
 * run twice, and this JVM's CPU and heap while it fires. The schedules' first two periods are a warm-up. Not
 * thread-safe: one run at a time.
 */
public final class ScheduleBenchmark {

    static final String TOPIC = "schedule-bench";

    /**
     * What a run measured.
     *
     * @param schedules    schedules fired
     * @param every        their rate
     * @param measured     how long fires were measured
     * @param fires        tasks done whose nominal time fell into the measured time
     * @param expected     nominal times in the measured time, schedules × periods
     * @param duplicates   nominal times of a schedule whose task ran more than once
     * @param p50Millis    median lateness, nominal time to task done
     * @param p99Millis    99th percentile lateness
     * @param maxMillis    largest lateness
     * @param confirmedP50Millis median lateness from the nominal time to the broker's confirm of the fire
     * @param confirmedP99Millis 99th percentile of that
     * @param cpuPerSecond CPU time of this JVM (firing, publishing, the worker) per second of the measured time
     * @param heapBytes    heap used after a collection at the end, with every schedule still running
     */
    public record Result(int schedules, Duration every, Duration measured, long fires, long expected, long duplicates,
                         long p50Millis, long p99Millis, long maxMillis, long confirmedP50Millis,
                         long confirmedP99Millis, Duration cpuPerSecond, long heapBytes) {

        /** Two lines: what ran, what it measured. */
        public String summary() {
            return String.format(Locale.ROOT, "schedule: %d schedules every %s for %ds: %d of %d fires, %d run twice%n"
                            + "  lateness nominal -> done: p50 %d ms, p99 %d ms, max %d ms; nominal -> confirmed: p50 %d ms, "
                            + "p99 %d ms; JVM CPU %d ms/s; heap %d MiB%n",
                    schedules, Durations.format(every), measured.toSeconds(), fires, expected, duplicates, p50Millis,
                    p99Millis, maxMillis, confirmedP50Millis, confirmedP99Millis, cpuPerSecond.toMillis(), heapBytes >> 20);
        }
    }

    private final EbatsConfig config;
    private final Consumer<String> progress;

    public ScheduleBenchmark(EbatsConfig config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    /** Runs {@code schedules} schedules every {@code every} and measures {@code duration} of fires. */
    public Result run(int schedules, Duration every, Duration duration) throws InterruptedException {
        String namespace = config.namespace() + "-sched-bench-" + UUID.randomUUID().toString().substring(0, 8);
        EbatsConfig run = config.toBuilder().namespace(namespace).delayLadder(namespace + ".ladder").build();
        Map<String, Long> runsById = new ConcurrentHashMap<>();
        Queue<Long> late = new ConcurrentLinkedQueue<>();
        Queue<Long> confirmedLate = new ConcurrentLinkedQueue<>();
        try (Ebats ebats = Ebats.connect(run)) {
            Instant[] window = new Instant[2];
            ebats.worker().topic(TOPIC).concurrency(64).handle("tick", (p, ctx) -> {
                Instant nominal = ctx.nominalTime().orElseThrow();
                long done = System.currentTimeMillis();
                if (runsById.merge(ctx.taskId(), 1L, Long::sum) == 1 && window[0] != null
                        && !nominal.isBefore(window[0]) && nominal.isBefore(window[1])) {
                    late.add(done - nominal.toEpochMilli());
                }
            }).start();
            List<Schedule> all = new ArrayList<>(schedules);
            for (int i = 0; i < schedules; i++) {
                all.add(Schedule.every("bench-" + i, every).task(TOPIC, "tick", null).misfire(Schedule.Misfire.SKIP)
                        .build());
            }
            progress.accept("schedule: " + schedules + " schedules every " + Durations.format(every) + ", measuring "
                    + Durations.format(duration));
            ScheduleRunner runner = ebats.startSchedules(all, (schedule, nominal, id, lateness) -> {
                if (window[0] != null && !nominal.isBefore(window[0]) && nominal.isBefore(window[1])) {
                    confirmedLate.add(lateness.toMillis());
                }
            });
            long waitUntil = System.currentTimeMillis() + 30_000;
            while (!runner.firing() && System.currentTimeMillis() < waitUntil) {
                Thread.sleep(50);
            }
            long period = every.toMillis();
            long start = (System.currentTimeMillis() / period + 2) * period; // after two periods of warm-up
            window[0] = Instant.ofEpochMilli(start);
            window[1] = Instant.ofEpochMilli(start + (duration.toMillis() / period) * period);
            Thread.sleep(Math.max(0, start - System.currentTimeMillis()));
            long cpuStart = jvmCpuNanos();
            Thread.sleep(Math.max(0, window[1].toEpochMilli() - System.currentTimeMillis()));
            long cpu = jvmCpuNanos() - cpuStart;
            Thread.sleep(Math.min(10_000, period) + 2_000); // the last fires' tasks
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            memory.gc();
            long heap = memory.getHeapMemoryUsage().getUsed();
            runner.close();
            long[] sorted = late.stream().mapToLong(Long::longValue).sorted().toArray();
            long[] confirmed = confirmedLate.stream().mapToLong(Long::longValue).sorted().toArray();
            int n = sorted.length;
            long measuredMillis = window[1].toEpochMilli() - start;
            long duplicates = runsById.values().stream().filter(count -> count > 1).count();
            return new Result(schedules, every, Duration.ofMillis(measuredMillis), n,
                    (long) schedules * (measuredMillis / period), duplicates, percentile(sorted, 0.50),
                    percentile(sorted, 0.99), n == 0 ? 0 : sorted[n - 1], percentile(confirmed, 0.50),
                    percentile(confirmed, 0.99),
                    Duration.ofNanos(measuredMillis == 0 ? 0 : cpu * 1000 / measuredMillis), heap);
        } finally { // after the worker closed: nothing consumes the queues being deleted
            try (Ebats cleaner = Ebats.connect(run)) {
                cleaner.deleteTopology(List.of(TOPIC));
            }
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static long jvmCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
