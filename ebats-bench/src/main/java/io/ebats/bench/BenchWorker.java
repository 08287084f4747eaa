package io.ebats.bench;

import io.ebats.Attempt;
import io.ebats.AttemptListener;
import io.ebats.Ebats;
import io.ebats.Outcome;
import io.ebats.Worker;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * An ebats worker running the no-op task {@value #TASK} (or several no-op tasks) on one topic. Its attempt
 * listener, called after each task is acknowledged, reports the task done to the current round, keyed by the task
 * id or the event id, and for an event of several tasks by which of them it is; an optional listener of the
 * scenario's (the history store) is called before it.
 */
final class BenchWorker implements AutoCloseable {

    /** The task every ebats scenario runs: like {@code diag.noop}, it does nothing. */
    static final String TASK = "bench.noop";

    private final Worker worker;
    private volatile Round round;

    BenchWorker(Ebats ebats, String topic, int concurrency, Function<Attempt, String> key) {
        this(ebats, topic, concurrency, null, key);
    }

    BenchWorker(Ebats ebats, String topic, int concurrency, AttemptListener first, Function<Attempt, String> key) {
        this(ebats, topic, concurrency, List.of(TASK), first, key, attempt -> 0);
    }

    /** Runs each of {@code tasks}; {@code part} says which task of its message an attempt was (0 for the only one). */
    BenchWorker(Ebats ebats, String topic, int concurrency, List<String> tasks, AttemptListener first,
                Function<Attempt, String> key, ToIntFunction<Attempt> part) {
        Worker.Builder builder = ebats.worker()
                .name("bench-" + topic)
                .topic(topic)
                .concurrency(concurrency)
                .shutdownGrace(Duration.ofSeconds(5));
        for (String task : tasks) {
            builder.handle(task, (params, context) -> {
                // nothing: the pipeline alone is measured
            });
        }
        if (first != null) {
            builder.listener(first);
        }
        this.worker = builder
                .listener(attempt -> {
                    Round current = round;
                    if (current == null) {
                        return;
                    }
                    if (attempt.outcome() == Outcome.SUCCEEDED) {
                        current.done(key.apply(attempt), part.applyAsInt(attempt));
                    } else {
                        current.failed(key.apply(attempt));
                    }
                })
                .start();
    }

    void route(Round next) {
        round = next;
    }

    @Override
    public void close() {
        worker.close();
    }
}
