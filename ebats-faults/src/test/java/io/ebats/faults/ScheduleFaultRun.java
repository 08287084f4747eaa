package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Base of the schedule scenarios: processes of {@link FaultScheduleMain} fire schedule {@code heartbeat} (every
 * second, misfire {@code all}) as a task that a worker in the test JVM runs, recording per nominal time each
 * instant it ran at. The worker does not skip tasks that already succeeded, so a time fired twice (a process killed
 * between a fire's confirm and the save of the state, docs/protocol.md section 9) or delivered twice (an
 * acknowledgement lost with the broker) shows as a time run twice.
 */
abstract class ScheduleFaultRun extends FaultRun {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String FIRES_LOG = "schedules: this process fires";
    /** Fires at most this late are normal; older ones follow the misfire policy. */
    static final Duration LATE = Duration.ofSeconds(5);

    /** Nominal time to the instants its task ran at. */
    private final Map<Instant, Queue<Instant>> runs = new ConcurrentHashMap<>();

    /** The test JVM's worker of the schedule's task. */
    void startBeatWorker() {
        ebats.worker().topic(topic).concurrency(4).handle(FaultScheduleMain.TASK, (params, ctx) -> runs
                .computeIfAbsent(ctx.nominalTime().orElseThrow(), t -> new ConcurrentLinkedQueue<>())
                .add(Instant.now())).start();
    }

    /** Starts the schedule processes at once (their JVMs start in parallel); returns once each runs them. */
    List<ChildJvm> startScheduleProcesses(String... names) throws InterruptedException {
        List<ChildJvm> children = new ArrayList<>();
        for (String name : names) {
            ChildJvm child = ChildJvm.start(name, FaultScheduleMain.class, brokerUri(), namespace, topic);
            adopt(child);
            children.add(child);
        }
        for (ChildJvm child : children) {
            child.await("READY", WAIT);
        }
        return children;
    }

    /**
     * The one live process that fires now: the last change it printed is {@code FIRING}, it logged that it fires,
     * and no other live process says it fires.
     */
    static ChildJvm awaitFiring(List<ChildJvm> processes, Duration limit) {
        return await().atMost(limit).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<ChildJvm> firing = processes.stream().filter(ChildJvm::isAlive)
                    .filter(c -> firingSince(c).isPresent()).toList();
            return firing.size() == 1 && !firing.getFirst().printed(FIRES_LOG).isEmpty() ? firing.getFirst() : null;
        }, Objects::nonNull);
    }

    /** When the process last said it fires, if that is the last change it printed. */
    static Optional<Instant> firingSince(ChildJvm process) {
        String firing = FaultScheduleMain.FIRING + " ";
        List<String> changes = process.printed("").stream()
                .filter(l -> l.startsWith(firing) || l.startsWith(FaultScheduleMain.STANDBY + " ")).toList();
        if (changes.isEmpty() || !changes.getLast().startsWith(firing)) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(Long.parseLong(changes.getLast().split(" ")[1])));
    }

    /** Waits until {@code n} nominal times ran. */
    void awaitTimesRun(int n) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> runs.size() >= n);
    }

    /** The first nominal time (a whole second, the schedule's) strictly after {@code instant}. */
    static Instant nominalAfter(Instant instant) {
        return Instant.ofEpochSecond(instant.getEpochSecond() + 1);
    }

    /** When the task of {@code nominal} first ran; fails after {@code limit}. */
    Instant awaitRun(Instant nominal, Duration limit) {
        await().atMost(limit).pollInterval(Duration.ofMillis(20)).until(() -> runs.containsKey(nominal));
        return firstRun(nominal);
    }

    private Instant firstRun(Instant nominal) {
        return runs.get(nominal).stream().min(Comparator.naturalOrder()).orElseThrow();
    }

    /** The first instant any task ran after {@code instant}; fails after {@code limit}. */
    Instant awaitAnyRunAfter(Instant instant, Duration limit) {
        return await().atMost(limit).pollInterval(Duration.ofMillis(20)).until(() -> runs.values().stream()
                .flatMap(Queue::stream).filter(at -> at.isAfter(instant)).min(Comparator.naturalOrder()).orElse(null),
                Objects::nonNull);
    }

    /**
     * Ends the run at nominal time {@code last}: waits (bounded) until it and every time before it ran, then a
     * moment for late copies, and counts the nominal times from the first that ran to {@code last}.
     */
    Tally finish(Instant last) throws InterruptedException {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> runs.containsKey(last));
        Instant first = runs.keySet().stream().min(Comparator.naturalOrder()).orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tally(first, last).missed().size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100); // a catch-up runs its fires concurrently: the last may come before an earlier one
        }
        Thread.sleep(2_000);
        Tally tally = tally(first, last);
        System.out.println("schedule run: " + tally);
        assertThat(runs.keySet()).as("every fire has a nominal time of the schedule (whole seconds)")
                .allSatisfy(t -> assertThat(t.getNano()).isZero());
        return tally;
    }

    private Tally tally(Instant first, Instant last) {
        List<Instant> missed = new ArrayList<>();
        List<Instant> twice = new ArrayList<>();
        int most = 0;
        int times = 0;
        for (Instant t = first; !t.isAfter(last); t = t.plusSeconds(1)) {
            times++;
            Queue<Instant> ran = runs.get(t);
            int n = ran == null ? 0 : ran.size();
            most = Math.max(most, n);
            if (n == 0) {
                missed.add(t);
            } else if (n > 1) {
                twice.add(t);
            }
        }
        return new Tally(first, last, times, missed, twice, most);
    }

    /** How late the task of {@code nominal} first ran, in ms. */
    long millisLate(Instant nominal) {
        return Duration.between(nominal, firstRun(nominal)).toMillis();
    }

    /** The latest first run among the nominal times in [from, to], in ms after its nominal time. */
    long mostLateMillis(Instant from, Instant to) {
        return runs.keySet().stream().filter(t -> !t.isBefore(from) && !t.isAfter(to)).mapToLong(this::millisLate)
                .max().orElse(0);
    }

    /**
     * What the product promises around a kill or handover: every nominal time ran, at most one ran twice (fired
     * again after a cut between confirm and save, or delivered again after a lost acknowledgement), and that one
     * within 2 s of the fault (from {@code faultFrom} to {@code faultTo}); none ran more than twice.
     */
    static void assertEveryTimeRanOnceExceptOneAround(Tally tally, Instant faultFrom, Instant faultTo) {
        assertThat(tally.missed()).as("nominal times that never ran").isEmpty();
        assertThat(tally.twice()).as("nominal times run twice").hasSizeLessThanOrEqualTo(1)
                .allSatisfy(t -> assertThat(t).as("run twice, around the fault")
                        .isBetween(faultFrom.minusSeconds(2), faultTo.plusSeconds(2)));
        assertThat(tally.mostRuns()).as("most runs of one nominal time").isLessThanOrEqualTo(2);
    }

    /**
     * The fires that the processes logged as not confirmed (each tried again a second later), checked to be at
     * most one per nominal time of the run: a broker that refuses a fire at once must not be asked again in a loop.
     */
    static long unconfirmedFires(List<ChildJvm> processes, Tally tally) {
        long retries = processes.stream().mapToLong(c -> c.printed("not fired, tried again in a second").size()).sum();
        assertThat(retries).as("fires not confirmed and tried again, at most one a second").isLessThanOrEqualTo(
                tally.times());
        return retries;
    }

    /** Milliseconds between two instants. */
    static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    /**
     * @param times    nominal times from the first fire to the last of the run
     * @param missed   those that never ran
     * @param twice    those that ran more than once
     * @param mostRuns the most runs of one nominal time
     */
    record Tally(Instant first, Instant last, int times, List<Instant> missed, List<Instant> twice, int mostRuns) {

        static String list(List<Instant> times) {
            return Arrays.toString(times.stream().map(t -> t.toString().substring(11)).toArray());
        }

        @Override
        public String toString() {
            return times + " nominal times " + first + " to " + last + ", missed " + list(missed) + ", run twice "
                    + list(twice);
        }
    }
}
