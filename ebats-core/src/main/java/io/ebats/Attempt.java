package io.ebats;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The execution record of one attempt of a task: what the seed's callback received
 * ({@code topic, taskId, taskName, params, timeUse, message}) and more.
 *
 * @param topic      the topic (queue) the task came from
 * @param taskId     the task id; stable across retries
 * @param taskName   the task name
 * @param params     the task parameters as JSON text
 * @param duration   time spent in the handler
 * @param outcome    how the attempt ended
 * @param message    a human readable summary: the error message, or {@code "ok"}
 * @param attempt    1 for the first attempt
 * @param eventId    the id of the event the task came from, if any
 * @param startedAt  when the handler started
 * @param error      the error the attempt ended with, if any
 * @param nextDelay  for {@link Outcome#RETRYING}: when the next attempt is due, relative to now
 */
public record Attempt(
        String topic,
        String taskId,
        String taskName,
        String params,
        Duration duration,
        Outcome outcome,
        String message,
        int attempt,
        String eventId,
        Instant startedAt,
        Throwable error,
        Duration nextDelay) {

    /** The event id, when the task was created by the scheduler for an event. */
    public Optional<String> event() {
        return Optional.ofNullable(eventId);
    }

    /**
     * Starts the record of an attempt of a task; finish it with how the attempt ended, for example
     * {@code Attempt.of(topic, id, name).params(json).attempt(2).startedAt(t).succeeded(took, "ok")}.
     */
    public static Builder of(String topic, String taskId, String taskName) {
        return new Builder(topic, taskId, taskName);
    }

    /**
     * What an attempt was of, then how it ended: each of {@link #succeeded}, {@link #retrying}, {@link #failed},
     * {@link #dead} and {@link #skipped} makes one {@link Attempt}. Unless set, the params are {@code "{}"}, the
     * attempt is the first, there is no event id and the attempt started when the builder was made. Not
     * thread-safe.
     */
    public static final class Builder {
        private final String topic;
        private final String taskId;
        private final String taskName;
        private String params = "{}";
        private int attempt = 1;
        private String eventId;
        private Instant startedAt = Instant.now();

        private Builder(String topic, String taskId, String taskName) {
            this.topic = topic;
            this.taskId = taskId;
            this.taskName = taskName;
        }

        /** The task parameters as JSON text (or an excerpt of a body that is none). */
        public Builder params(String params) {
            this.params = params;
            return this;
        }

        /** 1 for the first attempt. */
        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        /** The id of the event the task came from; null for none. */
        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        /** The handler returned after {@code duration}. */
        public Attempt succeeded(Duration duration, String message) {
            return ended(duration, Outcome.SUCCEEDED, message, null, null);
        }

        /** The attempt failed with {@code error} and the next one is due after {@code nextDelay}. */
        public Attempt retrying(Duration duration, String message, Throwable error, Duration nextDelay) {
            return ended(duration, Outcome.RETRYING, message, error, nextDelay);
        }

        /** The handler threw a {@link TaskException}: the task is dead-lettered without another attempt. */
        public Attempt failed(Duration duration, String message, Throwable error) {
            return ended(duration, Outcome.FAILED, message, error, null);
        }

        /** The task is dead-lettered: out of attempts, or it cannot run; {@code error} may be null. */
        public Attempt dead(Duration duration, String message, Throwable error) {
            return ended(duration, Outcome.DEAD, message, error, null);
        }

        /** The task was settled without running, for the reason {@code why}. */
        public Attempt skipped(String why) {
            return ended(Duration.ZERO, Outcome.SKIPPED, why, null, null);
        }

        /**
         * The task was cancelled: before it ran ({@code duration} zero), or while it ran, after {@code duration}.
         */
        public Attempt cancelled(Duration duration, String message) {
            return ended(duration, Outcome.CANCELLED, message, null, null);
        }

        private Attempt ended(Duration duration, Outcome outcome, String message, Throwable error,
                              Duration nextDelay) {
            return new Attempt(topic, taskId, taskName, params, duration, outcome, message, attempt, eventId,
                    startedAt, error, nextDelay);
        }
    }
}
