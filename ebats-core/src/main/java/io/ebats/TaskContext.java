package io.ebats;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a handler knows about the task it runs. Valid only during the handler call.
 */
public interface TaskContext {

    String taskId();

    String taskName();

    String topic();

    /** 1 for the first attempt. */
    int attempt();

    /** The id of the event the task was created for, when it came from the scheduler. */
    Optional<String> eventId();

    /** The schedule that fired the task (directly, or through its event), when one did. */
    default Optional<String> schedule() {
        return Optional.empty();
    }

    /**
     * The nominal time of the schedule's fire that made the task: the time it was due, not when it was published or
     * run; the same for each retry.
     */
    default Optional<Instant> nominalTime() {
        return Optional.empty();
    }

    /**
     * The task's headers of other parties (a W3C {@code traceparent}, say): those given on its event or on
     * {@link NewTask}, or set by a foreign producer or an interceptor, as strings; ebats's own {@code x-ebats-*}
     * headers are not among them. Read-only.
     */
    default Map<String, String> headers() {
        return Map.of();
    }

    /** The parameters as JSON text. */
    String paramsJson();

    /** The parameters as a map (JSON object). */
    Map<String, Object> params();

    /** The parameters bound to a type (a record, a bean, a map). */
    <T> T params(Class<T> type);
}
