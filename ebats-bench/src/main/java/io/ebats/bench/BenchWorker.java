package io.ebats.bench;

import io.ebats.Attempt;
import io.ebats.AttemptListener;
import io.ebats.Ebats;
import io.ebats.Outcome;
import io.ebats.Worker;
import java.time.Duration;
import java.util.function.Function;

/**
 * An ebats worker running the no-op task {@value #TASK} on one topic. Its attempt listener, called after each
 * task is acknowledged, reports the task done to the current round, keyed by the task id or the event id; an
 * optional listener of the scenario's (the history store) is called before it.
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
        Worker.Builder builder = ebats.worker()
                .name("bench-" + topic)
                .topic(topic)
                .concurrency(concurrency)
                .shutdownGrace(Duration.ofSeconds(5))
                .handle(TASK, (params, context) -> {
                    // nothing: the pipeline alone is measured
                });
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
                        current.done(key.apply(attempt));
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
