package io.ebats;

import java.util.Map;
import java.util.Optional;

/**
 * A message about to be published, as a {@link PublishInterceptor} sees it. Used by the publishing thread only, and
 * only until the interceptor called {@link PublishInterceptor.Publish#send()}.
 */
public interface OutgoingMessage {

    /** What the message is. */
    PublishKind kind();

    /**
     * Where the message goes, by the names of docs/protocol.md: {@code {ns}.events} for an event, the task queue
     * {@code {ns}.task.{topic}} for a task, a retry and a task's replay (whether it is due at once or goes through
     * the delay ladder), the dead-letter queue ({@code {ns}.dead.task.{topic}}, {@code {ns}.dead.events},
     * {@code {ns}.dead.queue.{queue}}) for a dead letter, the source queue for a replay.
     */
    String destination();

    /** The exchange it is published to: {@code {ns}.events}, {@code {ns}.tasks}, a ladder level, or {@code ""}. */
    String exchange();

    /** The routing key it is published with. */
    String routingKey();

    /** The AMQP {@code message_id}: the event id or the task id. */
    String messageId();

    /** The AMQP {@code type}: the event name or the task name. */
    String name();

    /** The topic of a task, retry or task's dead letter; empty for events. */
    Optional<String> topic();

    /** The attempt a task message is: 1 for the first, the next one for a retry; 0 for events. */
    int attempt();

    /** The event a task came from, or the event itself. */
    Optional<String> eventId();

    /** The name of the event a task came from, or of the event itself. */
    Optional<String> eventName();

    /** The headers of other parties the message carries now, with those added here; read-only, as strings. */
    Map<String, String> headers();

    /**
     * Adds a header to the message, or replaces one of other parties of the same name (a {@code traceparent}).
     *
     * @throws IllegalArgumentException when the name is blank or reserved ({@code x-ebats-*}, the broker's)
     * @throws IllegalStateException    after the message was sent
     */
    void header(String name, String value);
}
