package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Scenario 1: kill -9 of one of two workers in the middle of a run. */
class WorkerKillIT extends FaultRun {

    private static final int CONCURRENCY = 8;

    @Test
    void killingAWorkerMidRunLosesNothingAndDuplicatesAtMostItsPrefetch() throws Exception {
        ChildJvm victim = startWorker("victim", CONCURRENCY, 2);
        startWorker("survivor", CONCURRENCY, 2);
        Thread publisher = Thread.ofPlatform().start(() -> {
            try {
                publishRun(RUN, 4);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(RUN_LIMIT).until(() -> completions(RUN).distinct() >= RUN / 4);
        victim.kill();
        long killedAt = System.nanoTime();
        publisher.join(RUN_LIMIT.toMillis());
        assertThat(publisher.isAlive()).as("publisher finished").isFalse();

        Completions done = awaitAllDone(RUN);
        long recoveryMillis = (System.nanoTime() - killedAt) / 1_000_000;
        awaitQueuesEmpty();

        assertThat(done.lost()).isZero();
        // only a task whose handler finished but whose ack did not reach the broker runs twice:
        // at most the killed worker's unacknowledged deliveries, i.e. its prefetch
        assertThat(done.duplicates()).isLessThanOrEqualTo(Worker.Builder.defaultPrefetch(CONCURRENCY));
        FaultReport.row("1. kill -9 of one of two workers (concurrency " + CONCURRENCY + ")", RUN, done.lost(),
                done.duplicates(), "run finished " + Duration.ofMillis(recoveryMillis).toSeconds() + " s after the kill");
    }
}
