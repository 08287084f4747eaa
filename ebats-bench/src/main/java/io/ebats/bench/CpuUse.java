package io.ebats.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time spent while rounds ran: by the bench JVM (publishers, worker, scheduler, the client) and by the whole
 * machine, from {@code /proc/stat}; the difference is mostly the broker's when it runs on the same machine.
 *
 * @param jvmNanos     CPU time of the bench JVM, all threads
 * @param machineNanos busy CPU time of the whole machine; negative when not known (no {@code /proc/stat})
 */
public record CpuUse(long jvmNanos, long machineNanos) {

    private static final Path STAT = Path.of("/proc/stat");
    /** Linux reports {@code /proc/stat} in clock ticks of 1/100 s on every platform it supports. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** CPU times so far, to subtract from a later reading. */
    static CpuUse now() {
        return new CpuUse(jvmCpu(), machineBusy());
    }

    /** What was spent since {@code start}. */
    CpuUse since(CpuUse start) {
        return new CpuUse(jvmNanos - start.jvmNanos,
                machineNanos < 0 || start.machineNanos < 0 ? -1 : machineNanos - start.machineNanos);
    }

    static CpuUse sum(List<CpuUse> parts) {
        long jvm = 0;
        long machine = 0;
        for (CpuUse part : parts) {
            jvm += part.jvmNanos;
            machine = machine < 0 || part.machineNanos < 0 ? -1 : machine + part.machineNanos;
        }
        return new CpuUse(jvm, machine);
    }

    /** Microseconds of the bench JVM's CPU per task. */
    double jvmMicrosPer(int tasks) {
        return tasks == 0 ? 0 : jvmNanos / 1e3 / tasks;
    }

    /** Microseconds of CPU per task outside the bench JVM (the broker, and whatever else ran); -1 if unknown. */
    double otherMicrosPer(int tasks) {
        return tasks == 0 || machineNanos < 0 ? -1 : Math.max(0, machineNanos - jvmNanos) / 1e3 / tasks;
    }

    private static long jvmCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** user + nice + system + irq + softirq + steal of the {@code cpu} line, in nanoseconds; -1 if unreadable. */
    private static long machineBusy() {
        try {
            String[] f = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
