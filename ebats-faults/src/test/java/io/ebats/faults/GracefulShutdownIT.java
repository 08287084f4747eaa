package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenario 8: SIGTERM to a worker in the middle of a run. */
class GracefulShutdownIT extends FaultRun {

    @Test
    void sigtermFinishesWhatRunsLeavesTheRestQueuedAndExitsZero() throws Exception {
        publishRun(RUN, 4);
        ChildJvm first = startWorker("first", 8, 5);
        await().atMost(RUN_LIMIT).until(() -> completions(RUN).distinct() >= RUN / 4);

        long termAt = System.nanoTime();
        assertThat(first.terminate(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();
        long stopMillis = (System.nanoTime() - termAt) / 1_000_000;
        Completions afterStop = completions(RUN);
        // every task the worker took either finished or went back to the queue: none is held or half done
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var status = ebats.status(List.of(topic)).topics().getFirst();
            assertThat(status.inFlight()).isZero();
            assertThat(status.ready() + afterStop.distinct()).isEqualTo(RUN);
        });
        assertThat(afterStop.duplicates()).isZero();

        startWorker("second", 8, 0);
        Completions done = awaitAllDone(RUN);
        awaitQueuesEmpty();
        assertThat(done.lost()).isZero();
        assertThat(done.duplicates()).isZero();
        FaultReport.row("8. SIGTERM to the worker mid-run, then a new worker", RUN, done.lost(), done.duplicates(),
                "exit 0 in " + stopMillis + " ms; " + (RUN - afterStop.distinct()) + " left queued");
    }
}
