package io.ebats.bench;

import io.ebats.Ebats;
import java.util.function.Consumer;

/**
 * The {@code direct} workload on a topic of its own, on an {@link Ebats} instance whose publishes and handler runs
 * are observed into {@link BenchTracing}: each task makes a publish span and a process span.
 */
final class TracingWorkload implements Workload {

    static final String TOPIC = "tracing";

    private final DirectWorkload direct;
    private final BenchTracing tracing;
    private final Consumer<String> progress;

    TracingWorkload(Ebats ebats, BenchmarkOptions options, BenchTracing tracing, Consumer<String> progress) {
        this.direct = new DirectWorkload(ebats, TOPIC, options, null);
        this.tracing = tracing;
        this.progress = progress;
    }

    @Override
    public Publisher publisher(int thread) {
        return direct.publisher(thread);
    }

    @Override
    public void route(Round round) {
        direct.route(round);
    }

    @Override
    public void close() {
        direct.close();
        progress.accept("tracing: " + tracing.exported() + " spans exported so far (a publish and a process span a "
                + "task, the warm-up's included)");
    }
}
