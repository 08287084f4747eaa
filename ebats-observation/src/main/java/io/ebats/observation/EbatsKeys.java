package io.ebats.observation;

/**
 * The attribute names of ebats's observations: those of the OpenTelemetry semantic conventions for messaging
 * ({@code messaging.*}) and ebats's own ({@code ebats.*}).
 */
public final class EbatsKeys {

    /** {@code rabbitmq}. */
    public static final String MESSAGING_SYSTEM = "messaging.system";
    /** {@code send} for publishes, {@code process} for handler runs and event dispatches. */
    public static final String MESSAGING_OPERATION_TYPE = "messaging.operation.type";
    /** {@code publish} or {@code process}. */
    public static final String MESSAGING_OPERATION_NAME = "messaging.operation.name";
    /** {@code {ns}.events}, {@code {ns}.scheduler}, {@code {ns}.task.{topic}}, a dead-letter queue. */
    public static final String MESSAGING_DESTINATION_NAME = "messaging.destination.name";
    /** The AMQP {@code message_id}: the event id or the task id (high cardinality). */
    public static final String MESSAGING_MESSAGE_ID = "messaging.message.id";
    /** The routing key a message is published with (high cardinality: a delay's digits are in it). */
    public static final String MESSAGING_RABBITMQ_ROUTING_KEY = "messaging.rabbitmq.destination.routing_key";

    /** The task name; {@code none} for an event. */
    public static final String TASK_NAME = "ebats.task.name";
    /** The task's topic; {@code none} for an event. */
    public static final String TOPIC = "ebats.topic";
    /** The event's name, or that of the task's event; {@code none} for a task created directly. */
    public static final String EVENT_NAME = "ebats.event.name";
    /**
     * How a run ended: {@code succeeded}, {@code retrying}, {@code failed}, {@code dead}, or {@code requeued} (given
     * back to the queue to run again).
     */
    public static final String TASK_OUTCOME = "ebats.task.outcome";
    /** {@code true} when the handler overran its timeout. */
    public static final String TASK_TIMED_OUT = "ebats.task.timed_out";
    /** What a publish is: {@code event}, {@code task}, {@code retry}, {@code dead_letter}, {@code replay}. */
    public static final String PUBLISH_KIND = "ebats.publish.kind";
    /** The exchange a message is published to ({@code ""} for the default exchange; high cardinality). */
    public static final String EXCHANGE = "ebats.exchange";
    /** The task id (high cardinality). */
    public static final String TASK_ID = "ebats.task.id";
    /** The attempt, 1 for the first (high cardinality). */
    public static final String TASK_ATTEMPT = "ebats.task.attempt";
    /** The event id (high cardinality). */
    public static final String EVENT_ID = "ebats.event.id";

    /** The value of an attribute that does not apply. */
    public static final String NONE = "none";

    private EbatsKeys() {
    }
}
