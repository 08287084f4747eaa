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
}
