package io.ebats.dashboard;

import io.ebats.Attempt;
import io.ebats.AttemptListener;
import io.ebats.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every attempt of the workers it listens to on any Micrometer {@link MeterRegistry}, such as a Spring Boot
 * application's: {@code ebats.tasks} by topic, task and outcome, the {@code ebats.task.duration} timer (a
 * histogram), {@code ebats.task.retries} and {@code ebats.dead.letters}, which Prometheus names
 * {@code ebats_tasks_total}, {@code ebats_task_duration_seconds}, {@code ebats_task_retries_total} and
 * {@code ebats_dead_letters_total}. {@link TaskMetrics} is these meters on a Prometheus registry of its own.
 *
 * <p>Thread-safe; recording an attempt costs a map look-up and a few atomic adds: the meters of a task are
 * registered on its first attempt. The registry stays the caller's.
 */
public final class TaskMeters implements AttemptListener {

    private final MeterRegistry registry;
    private final Map<TaskKey, Meters> meters = new ConcurrentHashMap<>();

    /** @param registry where the meters go */
    public TaskMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void onAttempt(Attempt attempt) {
        Meters task = meters.computeIfAbsent(new TaskKey(attempt.topic(), attempt.taskName()), this::register);
        task.attempts[attempt.outcome().ordinal()].increment();
        task.duration.record(attempt.duration());
        switch (attempt.outcome()) {
            case RETRYING -> task.retries.increment();
            case FAILED, DEAD -> task.deadLetters.increment();
            default -> { }
        }
    }

    /** The registry the meters go to. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The meters of one task of one topic, registered once: recording is then a few atomic adds. */
    private record Meters(Counter[] attempts, Timer duration, Counter retries, Counter deadLetters) {
    }

    private record TaskKey(String topic, String task) {
    }

    private Meters register(TaskKey key) {
        Counter[] attempts = new Counter[Outcome.values().length];
        for (Outcome outcome : Outcome.values()) {
            attempts[outcome.ordinal()] = Counter.builder("ebats.tasks").description("Task attempts by outcome")
                    .tags("topic", key.topic(), "task", key.task(), "outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        return new Meters(attempts,
                Timer.builder("ebats.task.duration").description("Time spent in the handler")
                        .tags("topic", key.topic(), "task", key.task()).publishPercentileHistogram().register(registry),
                Counter.builder("ebats.task.retries").description("Attempts that will be retried")
                        .tags("topic", key.topic(), "task", key.task()).register(registry),
                Counter.builder("ebats.dead.letters").description("Tasks sent to a dead-letter queue")
                        .tags("topic", key.topic(), "task", key.task()).register(registry));
    }
}
