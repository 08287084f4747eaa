package io.ebats;

import java.util.Map;
import java.util.Optional;

/**
 * One run a {@link HandlerInterceptor} is around: a task's handler run on a worker, or an event's dispatch into
 * tasks on a scheduler.
 *
 * @param kind      which of the two
 * @param queue     the queue the message was consumed from: {@code {ns}.task.{topic}} or {@code {ns}.scheduler}
 * @param name      the task name, or the event name
 * @param id        the task id, or the event id
 * @param topic     the task's topic; null for an event
 * @param attempt   the task's attempt, 1 for the first; 1 for an event
 * @param eventName the name of the task's event, or of the event; null for a task created directly
 * @param eventId   the id of the task's event, or of the event; null for a task created directly
 * @param headers   the message's headers of other parties ({@code traceparent}, {@code tracestate}, ...), as
 *                  strings; read-only
 */
public record Handling(Kind kind, String queue, String name, String id, String topic, int attempt, String eventName,
                       String eventId, Map<String, String> headers) {

    /** What is run. */
    public enum Kind {
        /** A worker runs a task's handler. */
        TASK,
        /** A scheduler dispatches an event into the tasks registered under it. */
        EVENT
    }

    public Handling {
        headers = headers == null ? Map.of() : headers;
    }

    public Optional<String> topicIfTask() {
        return Optional.ofNullable(topic);
    }
}
