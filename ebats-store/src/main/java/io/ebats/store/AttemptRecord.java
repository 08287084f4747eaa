package io.ebats.store;

import io.ebats.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored attempt, as read back from the {@link HistoryStore}.
 *
 * @param id           the row id; higher ids were stored later
 * @param taskId       the task id, stable across retries
 * @param eventId      the id of the event the task came from, or {@code null}
 * @param topic        the topic the task ran on
 * @param taskName     the task name
 * @param params       the task parameters as JSON text, with redacted values replaced by {@code "***"}
 * @param outcome      how the attempt ended
 * @param attempt      1 for the first attempt
 * @param worker       the worker (process) that ran it
 * @param startedAt    when the handler started
 * @param duration     time spent in the handler
 * @param errorClass   the class of the error the attempt ended with, or {@code null}
 * @param errorMessage the error message, or {@code null}
 * @param errorStack   the start of the error's stack trace, or {@code null}
 */
public record AttemptRecord(
        long id,
        String taskId,
        String eventId,
        String topic,
        String taskName,
        String params,
        Outcome outcome,
        int attempt,
        String worker,
        Instant startedAt,
        Duration duration,
        String errorClass,
        String errorMessage,
        String errorStack) {

    /**
     * The fields by the names of the dashboard's JSON API ({@code /api/runs}) and {@code ebats history --json}, in
     * order: times as ISO-8601 text, the duration as {@code durationMs}.
     */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("taskId", taskId);
        fields.put("eventId", eventId);
        fields.put("topic", topic);
        fields.put("taskName", taskName);
        fields.put("params", params);
        fields.put("outcome", outcome.name());
        fields.put("attempt", attempt);
        fields.put("worker", worker);
        fields.put("startedAt", startedAt.toString());
        fields.put("durationMs", duration.toMillis());
        fields.put("errorClass", errorClass);
        fields.put("errorMessage", errorMessage);
        fields.put("errorStack", errorStack);
        return fields;
    }
}
