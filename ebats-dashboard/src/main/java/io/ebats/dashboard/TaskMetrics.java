package io.ebats.dashboard;

import io.ebats.Attempt;
import io.ebats.AttemptListener;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Counts every attempt of the workers it listens to, for Prometheus: {@code ebats_tasks_total} by topic, task
 * and outcome, the {@code ebats_task_duration_seconds} histogram, {@code ebats_task_retries_total} and
 * {@code ebats_dead_letters_total} ({@link TaskMeters} on a Prometheus registry of its own); JVM metrics too. Add it to a worker with
 * {@code worker.listener(metrics)} and pass it to the {@link Dashboard}, which serves it under {@code /metrics}.
 *
 * <p>Thread-safe; recording an attempt costs a map look-up and a few atomic adds: the meters of a task are
 * registered on its first attempt.
 */
public final class TaskMetrics implements AttemptListener {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TaskMeters meters = new TaskMeters(registry);

    /** A registry of its own, with the JVM's memory, thread and processor metrics bound. */
    public TaskMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    @Override
    public void onAttempt(Attempt attempt) {
        meters.onAttempt(attempt);
    }

    /** The registry, to add meters of your own or to read the counts. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
