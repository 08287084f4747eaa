package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: kill -9 of the scheduler in the middle of the fan-out of a run of events. The events it had taken
 * but not acknowledged are dispatched again by the next scheduler, as tasks with the same ids; a worker that
 * skips succeeded tasks runs none of them twice.
 */
class SchedulerKillIT extends FaultRun {

    @Test
    void killingTheSchedulerLosesNothingAndItsDuplicatesKeepTheirTaskIds() throws Exception {
        startWorker("worker", 16, 0);
        Completions done = runWithSchedulerKill();
        assertThat(done.lost()).isZero();
        assertThat(done.duplicatesWithOtherIds()).as("every duplicate has the task id of the first copy").isZero();
        FaultReport.row("2a. kill -9 of the scheduler mid fan-out of events, then a new scheduler", RUN,
                done.lost(), done.duplicates(), "duplicates carry the first copy's task id");
    }

    @Test
    void workerSkippingSucceededTasksRunsEveryTaskExactlyOnce() throws Exception {
        startDedupWorker();
        Completions done = runWithSchedulerKill();
        assertThat(done.lost()).isZero();
        assertThat(done.duplicates()).isZero();
        FaultReport.row("2b. the same with the worker skipping succeeded tasks (history store)", RUN, done.lost(),
                done.duplicates(), "-");
    }

    private void startDedupWorker() throws InterruptedException {
        ChildJvm worker = ChildJvm.start("dedup-worker", FaultWorkerMain.class, brokerUri(), namespace, topic, 16,
                logs.resolve("dedup-worker.log"), 0, logs.resolve("history"));
        adopt(worker);
        worker.await("READY", Duration.ofSeconds(30));
    }

    /** Publishes the run as events while a scheduler fans them out; kills it a quarter in, starts another. */
    private Completions runWithSchedulerKill() throws Exception {
        ChildJvm first = startScheduler("scheduler-1");
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService publishers = Executors.newFixedThreadPool(4)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                sent.add(publishers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < RUN; i = next.getAndIncrement()) {
                        ebats.publish(Event.named(FaultSchedulerMain.EVENT).param("n", i));
                    }
                    return null;
                }));
            }
            await().atMost(RUN_LIMIT).until(() -> completions(RUN).distinct() >= RUN / 4);
            first.kill();
            Thread.sleep(1_000);
            startScheduler("scheduler-2");
            for (Future<?> f : sent) {
                f.get();
            }
        }
        awaitAllDone(RUN);
        awaitQueuesEmpty();
        return completions(RUN);
    }
}
