package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Recurring schedules on every broker: on time, once per nominal time whatever the number of processes, taken
 * over when the firing process stops, caught up after a downtime as the misfire policy says. One subclass per
 * broker.
 */
abstract class ScheduleContract extends BrokerTestSupport {

    /** The fires seen by the worker: schedule, nominal time, task id, when it ran. */
    record Fire(String schedule, Instant nominal, String taskId, Instant ran) {
    }

    private final Queue<Fire> fires = new ConcurrentLinkedQueue<>();
    private final List<Ebats> others = new ArrayList<>();

    @AfterEach
    void closeTheOtherProcesses() {
        others.forEach(Ebats::close);
    }

    /** Another process of the same namespace. */
    private Ebats another() {
        Ebats other = Ebats.connect(config());
        others.add(other);
        return other;
    }

    private void recordFires(String topic, String task) {
        ebats.worker().topic(topic).handle(task, (p, ctx) -> fires.add(new Fire(ctx.schedule().orElse(null),
                ctx.nominalTime().orElse(null), ctx.taskId(), Instant.now()))).start();
    }

    private static Schedule everySecond(String name, String topic, Schedule.Misfire misfire) {
        return Schedule.every(name, Duration.ofSeconds(1)).task(topic, "tick", Map.of("from", name))
                .misfire(misfire).build();
    }

    @Test
    void anEventScheduleFiresEverySecondOnTimeWithItsNominalTimeAndAnIdOfIt() {
        String topic = topic("sched-event");
        ebats.startScheduler(new EventManager().register("clock_ticked", "tick", topic));
        recordFires(topic, "tick");
        Schedule clock = Schedule.every("clock", Duration.ofSeconds(1)).event("clock_ticked", Map.of("n", 1)).build();

        ScheduleRunner runner = ebats.startSchedules(List.of(clock));

        await().atMost(WAIT).until(() -> fires.size() >= 3);
        assertThat(runner.firing()).isTrue();
        List<Fire> seen = List.copyOf(fires);
        for (Fire fire : seen) {
            assertThat(fire.schedule()).isEqualTo("clock");
            assertThat(fire.nominal().toEpochMilli() % 1000).isZero();
            assertThat(Duration.between(fire.nominal(), fire.ran())).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        }
        assertThat(seen).extracting(Fire::nominal).doesNotHaveDuplicates();
        assertThat(attemptsOfAll(seen)).isEqualTo(seen.size());
    }

    @Test
    void threeProcessesFireEachNominalTimeOnceAndAnotherTakesOverWhenTheFiringOneStops() {
        String topic = topic("sched-three");
        recordFires(topic, "tick");
        Schedule heartbeat = everySecond("heartbeat", topic, Schedule.Misfire.ONCE);
        List<ScheduleRunner> runners = new ArrayList<>(List.of(ebats.startSchedules(List.of(heartbeat))));
        runners.add(another().startSchedules(List.of(heartbeat)));
        runners.add(another().startSchedules(List.of(heartbeat)));

        await().atMost(WAIT).until(() -> fires.size() >= 3);
        await().atMost(WAIT).until(() -> runners.stream().filter(ScheduleRunner::firing).count() == 1);
        ScheduleRunner first = runners.stream().filter(ScheduleRunner::firing).findFirst().orElseThrow();
        first.close();
        Instant stopped = Instant.now();
        int before = fires.size();

        await().atMost(WAIT).until(() -> fires.size() >= before + 3);
        assertThat(runners.stream().filter(ScheduleRunner::firing).count()).isEqualTo(1);
        Fire afterHandoff = fires.stream().filter(f -> f.nominal().isAfter(stopped)).findFirst().orElseThrow();
        assertThat(Duration.between(afterHandoff.nominal(), afterHandoff.ran())).isLessThan(Duration.ofSeconds(5));
        assertThat(fires).extracting(Fire::nominal).doesNotHaveDuplicates();
        assertThat(fires).extracting(Fire::taskId).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).startsWith("schedule:heartbeat:"));
    }

    @Test
    void afterADowntimeAllFiresEachMissedTimeOnceAndSkipNone() throws InterruptedException {
        String topic = topic("sched-misfire");
        recordFires(topic, "tick");
        List<Schedule> schedules = List.of(everySecond("catch-all", topic, Schedule.Misfire.ALL),
                everySecond("skip-all", topic, Schedule.Misfire.SKIP));
        ScheduleRunner runner = another().startSchedules(schedules);
        await().atMost(WAIT).until(() -> fires.stream().map(Fire::schedule).distinct().count() == 2);
        runner.close();
        Instant down = Instant.now();
        Thread.sleep(8_000); // every process stopped: 8 nominal times, 3 of them more than 5 s late at the restart

        another().startSchedules(schedules);
        Instant up = Instant.now();
        await().atMost(WAIT).until(() -> nominalsOf("catch-all").stream().anyMatch(t -> t.isAfter(up)));

        List<Instant> missedWindow = List.copyOf(nominalsOf("catch-all")).stream()
                .filter(t -> t.isAfter(down) && !t.isAfter(up)).toList();
        assertThat(missedWindow).hasSizeBetween(7, 9).doesNotHaveDuplicates(); // each missed second, once
        List<Instant> skipped = nominalsOf("skip-all").stream()
                .filter(t -> t.isAfter(down) && t.isBefore(up.minusSeconds(5))).toList();
        assertThat(skipped).as("misfires of skip-all").isEmpty();
        assertThat(nominalsOf("skip-all")).as("late but not misfired: fired").anyMatch(t -> t.isAfter(down));
        assertThat(fires).extracting(Fire::taskId).doesNotHaveDuplicates();
    }

    @Test
    void aScheduleRemovedFromTheDefinitionsStopsFiring() throws InterruptedException {
        String topic = topic("sched-removed");
        recordFires(topic, "tick");
        Schedule kept = everySecond("kept", topic, Schedule.Misfire.ONCE);
        ScheduleRunner runner = another().startSchedules(List.of(kept, everySecond("removed", topic,
                Schedule.Misfire.ONCE)));
        await().atMost(WAIT).until(() -> !nominalsOf("removed").isEmpty() && !nominalsOf("kept").isEmpty());
        runner.close();

        another().startSchedules(List.of(kept));
        Instant restarted = Instant.now();
        await().atMost(WAIT).until(() -> nominalsOf("kept").stream().filter(t -> t.isAfter(restarted)).count() >= 2);
        assertThat(fires).filteredOn(f -> f.schedule().equals("removed") && f.ran().isAfter(restarted.plusSeconds(1)))
                .isEmpty();
    }

    @Test
    void pauseResumeAndTriggerAreKeptByTheBrokerAndListedByTheFiringProcess() {
        String topic = topic("sched-ops");
        recordFires(topic, "tick");
        Schedule beat = everySecond("beat", topic, Schedule.Misfire.ALL);
        ScheduleControl control = another().schedules();
        another().startSchedules(List.of(beat));
        await().atMost(WAIT).until(() -> !nominalsOf("beat").isEmpty());

        control.pause("beat");
        await().atMost(WAIT).until(() -> control.list(Duration.ofSeconds(2)).orElseThrow().get(0).paused());
        Instant paused = Instant.now();
        String manual = control.trigger("beat");
        await().atMost(WAIT).until(() -> fires.stream().anyMatch(f -> f.taskId().equals(manual)));
        assertThat(manual).startsWith("schedule:beat:manual:");
        assertThat(fires).filteredOn(f -> f.taskId().startsWith("schedule:beat:1") && f.ran().isAfter(paused.plusSeconds(1)))
                .as("nominal fires while paused").isEmpty();

        // a process started now comes up with the schedule paused: the state is the broker's
        ScheduleStatus listed = control.list(Duration.ofSeconds(2)).orElseThrow().get(0);
        assertThat(listed).extracting(ScheduleStatus::name, ScheduleStatus::timing, ScheduleStatus::fires,
                ScheduleStatus::paused).containsExactly("beat", "every 1s", "task " + topic + "/tick", true);
        assertThat(listed.lastFireId()).isEqualTo(beat.fireId(listed.lastFire()));

        control.resume("beat");
        Instant resumed = Instant.now();
        await().atMost(WAIT).until(() -> nominalsOf("beat").stream().anyMatch(t -> t.isAfter(resumed)));
        assertThat(nominalsOf("beat")).as("the paused seconds are not caught up")
                .noneMatch(t -> t.isAfter(paused.plusSeconds(1)) && t.isBefore(resumed.minusSeconds(1)));
        assertThat(control.list(Duration.ofSeconds(2)).orElseThrow().get(0).paused()).isFalse();
    }

    @Test
    void withNoProcessFiringTheListingSaysSoAndCommandsWaitForOne() {
        String topic = topic("sched-none");
        recordFires(topic, "tick");
        ScheduleControl control = ebats.schedules();

        assertThat(control.list(Duration.ofMillis(500))).isEmpty();
        control.pause("later");
        another().startSchedules(List.of(everySecond("later", topic, Schedule.Misfire.ONCE)));
        await().atMost(WAIT).until(() -> control.list(Duration.ofSeconds(2)).map(rows -> rows.get(0).paused())
                .orElse(false));
        assertThat(nominalsOf("later")).isEmpty();
    }

    @Test
    void overlapSkipLeavesNominalTimesUnfiredWhileThePreviousFiresTaskRuns() {
        String topic = topic("sched-overlap");
        Set<String> settled = ConcurrentHashMap.newKeySet();
        Queue<Instant[]> runs = new ConcurrentLinkedQueue<>();
        ebats.worker().topic(topic).concurrency(4)
                .listener(a -> {
                    if (a.outcome() != Outcome.RETRYING) {
                        settled.add(a.taskId());
                    }
                })
                .handle("slow", (p, ctx) -> {
                    Instant start = Instant.now();
                    Thread.sleep(2_500);
                    runs.add(new Instant[] {start, Instant.now()});
                }).start();
        Schedule slow = Schedule.every("slow", Duration.ofSeconds(1)).task(topic, "slow", null)
                .overlap(Schedule.Overlap.SKIP).build();
        Queue<Instant> overlapped = new ConcurrentLinkedQueue<>();
        ScheduleListener listener = new ScheduleListener() {
            @Override
            public void fired(Schedule schedule, Instant nominal, String id, Duration lateness) {
            }

            @Override
            public void overlapped(Schedule schedule, Instant nominal, String waitingFor) {
                overlapped.add(nominal);
            }
        };

        ebats.startSchedules(List.of(slow), listener, settled::contains);

        await().atMost(WAIT).until(() -> runs.size() >= 3);
        List<Instant[]> seen = runs.stream().sorted(Comparator.comparing(r -> r[0])).toList();
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)[0]).as("run %d starts after run %d ended", i, i - 1).isAfter(seen.get(i - 1)[1]);
        }
        assertThat(overlapped).as("the seconds while a run was going passed unfired").hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void overlapSkipWithoutAStoreIsRefusedAtStart() {
        Schedule slow = Schedule.every("slow", Duration.ofSeconds(1)).task(topic("sched-nostore"), "slow", null)
                .overlap(Schedule.Overlap.SKIP).build();

        assertThatThrownBy(() -> ebats.startSchedules(List.of(slow), ScheduleListener.NONE, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schedule slow: overlap skip needs a store");
    }

    private List<Instant> nominalsOf(String schedule) {
        return fires.stream().filter(f -> schedule.equals(f.schedule())).map(Fire::nominal).sorted().toList();
    }

    private long attemptsOfAll(List<Fire> seen) {
        return seen.stream().map(Fire::taskId).distinct().count();
    }
}
