package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenario 10a: three processes run the same schedule (every second, misfire {@code all}); the one that fires is
 * killed with {@code kill -9} mid-run. The broker hands the state to one of the other two, which fires from the
 * last saved fire on: no nominal time is missed, the first one after the kill runs well within the 5 s a fire may
 * be late, and at most the time that was being fired at the kill runs twice.
 */
class ScheduleKillIT extends ScheduleFaultRun {

    @Test
    void killingTheFiringProcessOfThreeMissesNoTimeAndTheNextFiresInTime() throws Exception {
        startBeatWorker();
        List<ChildJvm> three = startScheduleProcesses("schedules-1", "schedules-2", "schedules-3");
        awaitTimesRun(10);
        ChildJvm firing = awaitFiring(three, WAIT);

        Instant killing = Instant.now();
        firing.kill();
        Instant killed = Instant.now();
        Instant next = nominalAfter(killed);
        Instant nextRan = awaitRun(next, WAIT);
        List<ChildJvm> survivors = three.stream().filter(c -> c != firing).toList();
        ChildJvm successor = awaitFiring(survivors, WAIT);
        long handoverMillis = millis(killed, firingSince(successor).orElseThrow());

        Tally tally = finish(next.plusSeconds(15));
        long recoveryMillis = millis(next, nextRan);
        long mostLate = mostLateMillis(tally.first(), tally.last());
        assertEveryTimeRanOnceExceptOneAround(tally, killing, killed);
        unconfirmedFires(three, tally);
        assertThat(recoveryMillis).as("the first nominal time after the kill ran after, in ms")
                .isLessThan(LATE.toMillis());
        FaultReport.row("10a. kill -9 of the process firing a schedule (every 1 s, misfire all), one of three",
                tally.times(), tally.missed().size(), tally.twice().size(),
                "the first time after the kill ran " + recoveryMillis + " ms after it; " + successor.name()
                        + " fired " + handoverMillis + " ms after the kill; latest run " + mostLate
                        + " ms after its time");
    }
}
