package io.ebats.bench;

import io.ebats.AttemptListener;
import io.ebats.Ebats;
import io.ebats.NewTask;
import java.time.Duration;

/**
 * Tasks created with {@code ebats.tasks().createAsync}, each publishing thread keeping up to a window of them
 * unconfirmed (as the baseline's publishers do); run by an ebats worker.
 */
final class DirectWorkload implements Workload {

    static final String TOPIC = "direct";

    private final Ebats ebats;
    private final String topic;
    private final BenchWorker worker;
    private final int window;
    private final Payload payload;

    DirectWorkload(Ebats ebats, BenchmarkOptions options) {
        this(ebats, TOPIC, options, null);
    }

    /** On another topic, with {@code first} (when not null) called before the round learns a task is done. */
    DirectWorkload(Ebats ebats, String topic, BenchmarkOptions options, AttemptListener first) {
        this.ebats = ebats;
        this.topic = topic;
        this.window = options.confirmWindow();
        this.payload = options.payload();
        this.worker = new BenchWorker(ebats, topic, options.concurrency(), first, attempt -> attempt.taskId());
    }

    @Override
    public Publisher publisher(int thread) {
        return ConfirmWindow.publisher(window, (round, index) -> {
            // the canonical constructor: NewTask.of would draw a random UUID only to have it replaced
            NewTask task = new NewTask(topic, BenchWorker.TASK, payload.params(index), Duration.ZERO,
                    round.key(index), null);
            round.sent(index);
            return ebats.tasks().createAsync(task);
        });
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
