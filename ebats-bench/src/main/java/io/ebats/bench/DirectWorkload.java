package io.ebats.bench;

import io.ebats.AttemptListener;
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
    private final String topic;
    private final BenchWorker worker;

    DirectWorkload(Ebats ebats, int concurrency) {
        this(ebats, TOPIC, concurrency, null);
    }

    /** On another topic, with {@code first} (when not null) called before the round learns a task is done. */
    DirectWorkload(Ebats ebats, String topic, int concurrency, AttemptListener first) {
        this.ebats = ebats;
        this.topic = topic;
        this.worker = new BenchWorker(ebats, topic, concurrency, first, attempt -> attempt.taskId());
    }

    @Override
    public Publisher publisher(int thread) {
        return (round, index) -> {
            // the canonical constructor: NewTask.of would draw a random UUID only to have it replaced
            NewTask task = new NewTask(topic, BenchWorker.TASK, Payload.params(index), Duration.ZERO,
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
