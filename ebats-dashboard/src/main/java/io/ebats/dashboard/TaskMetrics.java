package io.ebats.dashboard;

import io.ebats.Attempt;
import io.ebats.AttemptListener;
import io.ebats.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Counts every attempt of the workers it listens to, for Prometheus: {@code ebats_tasks_total} by topic, task
 * and outcome, the {@code ebats_task_duration_seconds} histogram, {@code ebats_task_retries_total} and
 * {@code ebats_dead_letters_total}; JVM metrics too. Add it to a worker with
 * {@code worker.listener(metrics)} and pass it to the {@link Dashboard}, which serves it under {@code /metrics}.
 *
 * <p>Thread-safe; recording an attempt costs a map look-up and a few atomic adds.
 */
public final class TaskMetrics implements AttemptListener {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** A registry of its own, with the JVM's memory, thread and processor metrics bound. */
    public TaskMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    @Override
    public void onAttempt(Attempt attempt) {
        String topic = attempt.topic();
        String task = attempt.taskName();
        Counter.builder("ebats.tasks").description("Task attempts by outcome")
                .tags("topic", topic, "task", task, "outcome", attempt.outcome().name().toLowerCase())
                .register(registry).increment();
        Timer.builder("ebats.task.duration").description("Time spent in the handler")
                .tags("topic", topic, "task", task).publishPercentileHistogram()
                .register(registry).record(attempt.duration());
        if (attempt.outcome() == Outcome.RETRYING) {
            Counter.builder("ebats.task.retries").description("Attempts that will be retried")
                    .tags("topic", topic, "task", task).register(registry).increment();
        } else if (attempt.outcome() == Outcome.FAILED || attempt.outcome() == Outcome.DEAD) {
            Counter.builder("ebats.dead.letters").description("Tasks sent to a dead-letter queue")
                    .tags("topic", topic, "task", task).register(registry).increment();
        }
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
