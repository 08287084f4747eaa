package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 10b, on a RabbitMQ node of the test's own: two processes run the same schedule (every second, misfire
 * {@code all}) while the broker is stopped for 5 s and started again. The state survives in the broker; once it is
 * up, one process takes it and fires every time that passed in the outage (misfire {@code all}), then goes on.
 */
class ScheduleBrokerRestartIT extends ScheduleFaultRun {

    private static final Duration OUTAGE = Duration.ofSeconds(5);

    @TempDir
    Path nodes;
    private RabbitNode node;

    @Override
    void startBroker() throws Exception {
        node = RabbitNode.start("schedrestart", nodes, List.of());
    }

    @Override
    String brokerUri() {
        return node.uri();
    }

    @Override
    void stopBroker() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void restartingTheBrokerLosesNoNominalTimeAndTheMissedOnesCatchUp() throws Exception {
        startBeatWorker();
        List<ChildJvm> two = startScheduleProcesses("schedules-1", "schedules-2");
        awaitTimesRun(8);
        awaitFiring(two, WAIT);

        Instant stopping = Instant.now();
        node.stop();
        Instant down = Instant.now();
        Thread.sleep(OUTAGE.toMillis()); // the outage itself: nothing to wait for
        AtomicReference<Instant> listening = new AtomicReference<>();
        Thread watch = Thread.ofPlatform().daemon().start(() -> { // up: the moment its port takes connections
            while (listening.get() == null && !Thread.currentThread().isInterrupted()) {
                if (node.isListening()) {
                    listening.set(Instant.now());
                }
                LockSupport.parkNanos(20_000_000);
            }
        });
        node.start();
        watch.join(Duration.ofSeconds(10).toMillis());
        watch.interrupt();
        Instant up = Objects.requireNonNull(listening.get(), "the node's port never took a connection");
        Instant firstRun = awaitAnyRunAfter(up, Duration.ofSeconds(60));
        Instant next = nominalAfter(up);
        Instant nextRan = awaitRun(next, Duration.ofSeconds(60));
        ChildJvm firing = awaitFiring(two, WAIT);

        Tally tally = finish(next.plusSeconds(12));
        long upToRunMillis = millis(up, firstRun);
        long outageTimes = countBetween(tally, stopping, up);
        assertEveryTimeRanOnceExceptOneAround(tally, stopping, down);
        long retried = unconfirmedFires(two, tally);
        assertThat(upToRunMillis).as("the schedule's tasks ran again after the broker was up, in ms")
                .isLessThan(30_000);
        FaultReport.row("10b. RabbitMQ stopped for " + OUTAGE.toSeconds() + " s and started again under a schedule"
                        + " (every 1 s, misfire all) run by two processes", tally.times(), tally.missed().size(),
                tally.twice().size(),
                "a task ran " + upToRunMillis + " ms after the broker's port was open again; the " + outageTimes
                        + " times of the outage (" + millis(stopping, up) + " ms from the stop to the open port)"
                        + " all fired, the first time after it ran " + millis(next, nextRan) + " ms late, fired by "
                        + firing.name() + "; unconfirmed fires tried again a second later: " + retried);
    }

    /** The nominal times of the run strictly between two instants. */
    private static long countBetween(Tally tally, Instant from, Instant to) {
        long n = 0;
        for (Instant t = tally.first(); !t.isAfter(tally.last()); t = t.plusSeconds(1)) {
            if (t.isAfter(from) && t.isBefore(to)) {
                n++;
            }
        }
        return n;
    }
}
