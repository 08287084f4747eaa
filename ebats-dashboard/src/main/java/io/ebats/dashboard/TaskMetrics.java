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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every attempt of the workers it listens to, for Prometheus: {@code ebats_tasks_total} by topic, task
 * and outcome, the {@code ebats_task_duration_seconds} histogram, {@code ebats_task_retries_total} and
 * {@code ebats_dead_letters_total}; JVM metrics too. Add it to a worker with
 * {@code worker.listener(metrics)} and pass it to the {@link Dashboard}, which serves it under {@code /metrics}.
 *
 * <p>Thread-safe; recording an attempt costs a map look-up and a few atomic adds: the meters of a task are
 * registered on its first attempt.
 */
public final class TaskMetrics implements AttemptListener {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<TaskKey, TaskMeters> meters = new ConcurrentHashMap<>();

    /** A registry of its own, with the JVM's memory, thread and processor metrics bound. */
    public TaskMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    @Override
    public void onAttempt(Attempt attempt) {
        TaskMeters task = meters.computeIfAbsent(new TaskKey(attempt.topic(), attempt.taskName()), this::register);
        task.attempts[attempt.outcome().ordinal()].increment();
        task.duration.record(attempt.duration());
        switch (attempt.outcome()) {
            case RETRYING -> task.retries.increment();
            case FAILED, DEAD -> task.deadLetters.increment();
            default -> { }
        }
    }

    /** The meters of one task of one topic, registered once: recording is then a few atomic adds. */
    private record TaskMeters(Counter[] attempts, Timer duration, Counter retries, Counter deadLetters) {
    }

    private record TaskKey(String topic, String task) {
    }

    private TaskMeters register(TaskKey key) {
        Counter[] attempts = new Counter[Outcome.values().length];
        for (Outcome outcome : Outcome.values()) {
            attempts[outcome.ordinal()] = Counter.builder("ebats.tasks").description("Task attempts by outcome")
                    .tags("topic", key.topic(), "task", key.task(), "outcome", outcome.name().toLowerCase())
                    .register(registry);
        }
        return new TaskMeters(attempts,
                Timer.builder("ebats.task.duration").description("Time spent in the handler")
                        .tags("topic", key.topic(), "task", key.task()).publishPercentileHistogram().register(registry),
                Counter.builder("ebats.task.retries").description("Attempts that will be retried")
                        .tags("topic", key.topic(), "task", key.task()).register(registry),
                Counter.builder("ebats.dead.letters").description("Tasks sent to a dead-letter queue")
                        .tags("topic", key.topic(), "task", key.task()).register(registry));
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
