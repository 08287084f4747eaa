package io.ebats.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time spent while rounds ran: by the bench JVM (publishers, worker, scheduler, the client), by groups of its
 * threads (the JIT compiler, the garbage collector, the history store), and by the whole machine, from {@code /proc};
 * the machine's minus the JVM's is mostly the broker's when it runs on the same machine.
 *
 * @param jvmNanos     CPU time of the bench JVM, all threads
 * @param machineNanos busy CPU time of the whole machine; negative when not known (no {@code /proc/stat})
 * @param jitNanos     of {@code jvmNanos}, the JIT compiler threads'; negative when not known (no
 *                     {@code /proc/self/task})
 * @param gcNanos      of {@code jvmNanos}, the garbage collector threads'; negative when not known
 * @param storeNanos   of {@code jvmNanos}, the history store's writer thread's and H2's threads'; negative when not
 *                     known
 */
public record CpuUse(long jvmNanos, long machineNanos, long jitNanos, long gcNanos, long storeNanos) {

    private static final Path STAT = Path.of("/proc/stat");
    private static final Path THREADS = Path.of("/proc/self/task");
    /** Linux reports {@code /proc/stat} in clock ticks of 1/100 s on every platform it supports. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** Threads counted apart, told by their names as Linux shows them (cut to 15 characters). */
    enum Group {
        JIT("C1 CompilerThre", "C2 CompilerThre"),
        GC("GC Thread#", "G1 "),
        STORE("ebats-history-w", "H2-", "MVStore ", "H2 File Lock");

        private final String[] prefixes;

        Group(String... prefixes) {
            this.prefixes = prefixes;
        }

        static Group of(String threadName) {
            for (Group group : values()) {
                for (String prefix : group.prefixes) {
                    if (threadName.startsWith(prefix)) {
                        return group;
                    }
                }
            }
            return null;
        }
    }

    /** Without the groups of threads. */
    public CpuUse(long jvmNanos, long machineNanos) {
        this(jvmNanos, machineNanos, -1, -1, -1);
    }

    /** CPU times so far, to subtract from a later reading. */
    static Reading now() {
        return new Reading(jvmCpu(), machineBusy(), groupedThreads());
    }

    /**
     * CPU times at one moment, the groups' per thread: HotSpot ends compiler threads that have been idle a while,
     * taking their time with them, so a thread's time counts from the first reading that saw it.
     */
    record Reading(long jvmNanos, long machineNanos, Map<String, ThreadTime> groupedThreads) {

        /** What was spent since {@code start}. */
        CpuUse since(Reading start) {
            long[] groups = new long[Group.values().length];
            if (groupedThreads == null || start.groupedThreads == null) {
                Arrays.fill(groups, -1);
            } else {
                for (Map.Entry<String, ThreadTime> thread : groupedThreads.entrySet()) {
                    ThreadTime before = start.groupedThreads.get(thread.getKey());
                    ThreadTime now = thread.getValue();
                    groups[now.group().ordinal()] += now.nanos() - (before == null ? 0 : before.nanos());
                }
            }
            return new CpuUse(jvmNanos - start.jvmNanos, difference(machineNanos, start.machineNanos),
                    groups[Group.JIT.ordinal()], groups[Group.GC.ordinal()], groups[Group.STORE.ordinal()]);
        }
    }

    /** A thread's group and its time on a CPU so far. */
    record ThreadTime(Group group, long nanos) {
    }

    static CpuUse sum(List<CpuUse> parts) {
        long jvm = 0;
        long machine = 0;
        long jit = 0;
        long gc = 0;
        long store = 0;
        for (CpuUse part : parts) {
            jvm += part.jvmNanos;
            machine = add(machine, part.machineNanos);
            jit = add(jit, part.jitNanos);
            gc = add(gc, part.gcNanos);
            store = add(store, part.storeNanos);
        }
        return new CpuUse(jvm, machine, jit, gc, store);
    }

    /** Microseconds of the bench JVM's CPU per task. */
    double jvmMicrosPer(int tasks) {
        return tasks == 0 ? 0 : jvmNanos / 1e3 / tasks;
    }

    /** Microseconds of CPU per task outside the bench JVM (the broker, and whatever else ran); -1 if unknown. */
    double otherMicrosPer(int tasks) {
        return tasks == 0 || machineNanos < 0 ? -1 : Math.max(0, machineNanos - jvmNanos) / 1e3 / tasks;
    }

    /** Microseconds per task of a group of the JVM's threads, part of {@link #jvmMicrosPer}; -1 if unknown. */
    double microsPer(Group group, int tasks) {
        long nanos = switch (group) {
            case JIT -> jitNanos;
            case GC -> gcNanos;
            case STORE -> storeNanos;
        };
        return tasks == 0 || nanos < 0 ? -1 : nanos / 1e3 / tasks;
    }

    private static long add(long sum, long part) {
        return sum < 0 || part < 0 ? -1 : sum + part;
    }

    private static long difference(long later, long earlier) {
        return later < 0 || earlier < 0 ? -1 : later - earlier;
    }

    private static long jvmCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** The threads of the {@link Group groups}, by thread id, from each one's {@code schedstat}; null if unreadable. */
    private static Map<String, ThreadTime> groupedThreads() {
        Map<String, ThreadTime> times = new HashMap<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(THREADS)) {
            for (Path thread : threads) {
                try {
                    Group group = Group.of(Files.readString(thread.resolve("comm")));
                    if (group != null) {
                        String schedstat = Files.readString(thread.resolve("schedstat"));
                        times.put(thread.getFileName().toString(),
                                new ThreadTime(group, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')))));
                    }
                } catch (IOException e) {
                    // the thread ended while being read
                }
            }
            return times;
        } catch (IOException | RuntimeException e) {
            return null;
        }
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
