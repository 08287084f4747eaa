package io.ebats.bench;

import io.ebats.Ebats;
import io.ebats.NewTask;
import java.time.Duration;

/**
 * Tasks created with {@code ebats.tasks().create}, which returns once the broker confirmed the task, so each
 * publishing thread has one task in flight; run by an ebats worker.
 */
final class DirectWorkload implements Workload {

    static final String TOPIC = "direct";

    private final Ebats ebats;
    private final BenchWorker worker;

    DirectWorkload(Ebats ebats, int concurrency) {
        this.ebats = ebats;
        this.worker = new BenchWorker(ebats, TOPIC, concurrency, attempt -> attempt.taskId());
    }

    @Override
    public Publisher publisher(int thread) {
        return (round, index) -> {
            // the canonical constructor: NewTask.of would draw a random UUID only to have it replaced
            NewTask task = new NewTask(TOPIC, BenchWorker.TASK, Payload.params(index), Duration.ZERO,
                    round.key(index), null);
            round.sent(index);
            ebats.tasks().create(task);
        };
    }

    @Override
    public void route(Round round) {
        worker.route(round);
    }

    @Override
    public void close() {
        worker.close();
    }
}
