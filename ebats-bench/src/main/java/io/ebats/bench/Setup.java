package io.ebats.bench;

import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The workloads of scenarios measured together, and what they run on (their ebats connections), closed in
 * the reverse order of opening; what fails to close is reported to the progress sink.
 */
final class Setup implements AutoCloseable {

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final List<Workload> workloads = new ArrayList<>();
    private final Consumer<String> progress;

    private Setup(Consumer<String> progress) {
        this.progress = progress;
    }

    /** Opens one workload per scenario, in order; on failure, closes what is open and throws. */
    static Setup open(List<Scenario> scenarios, EbatsConfig run, boolean qpid, BenchmarkOptions options,
                      HistoryDatabase history, Consumer<String> progress) throws Exception {
        Setup setup = new Setup(progress);
        boolean opened = false;
        try {
            for (Scenario scenario : scenarios) {
                setup.workloads.add(setup.own(setup.workload(scenario, run, qpid, options, history)));
            }
            opened = true;
            return setup;
        } finally {
            if (!opened) {
                setup.close();
            }
        }
    }

    List<Workload> workloads() {
        return workloads;
    }

    private Workload workload(Scenario scenario, EbatsConfig run, boolean qpid, BenchmarkOptions options,
                              HistoryDatabase history) throws Exception {
        return switch (scenario) {
            case BASELINE -> new BaselineWorkload(run.broker(), run.namespace() + ".baseline", !qpid,
                    run.queueType(), options);
            case DIRECT -> new DirectWorkload(own(Ebats.connect(run)), options);
            case HISTORY -> new HistoryWorkload(own(Ebats.connect(run)), options, history);
            case TRACING -> {
                BenchTracing tracing = own(new BenchTracing());
                yield new TracingWorkload(own(Ebats.connect(run, tracing.interceptors())), options, tracing, progress);
            }
            case EVENTS -> EventsWorkload.oneTaskEach(own(Ebats.connect(run)), options);
            case FANOUT -> EventsWorkload.fanout(own(Ebats.connect(run)), options);
            case DELAY -> new DelayWorkload(own(Ebats.connect(run)), options);
        };
    }

    private <T extends AutoCloseable> T own(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                progress.accept("could not close the scenario's set-up: " + Benchmark.describe(e));
            }
        }
    }
}
