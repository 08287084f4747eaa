package io.ebats.observation;

import io.ebats.OutgoingMessage;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * Publish observations named {@code ebats.publish}, with spans named {@code publish {destination}} by the
 * OpenTelemetry messaging conventions: {@code publish {ns}.events}, {@code publish {ns}.task.{topic}},
 * {@code publish {ns}.dead.task.{topic}}. Every low-cardinality key is always present ({@code none} where it does
 * not apply), so that meters of the same name have the same tags. Thread-safe.
 */
public class DefaultEbatsPublishObservationConvention implements EbatsPublishObservationConvention {

    /** The shared instance. */
    public static final DefaultEbatsPublishObservationConvention INSTANCE = new DefaultEbatsPublishObservationConvention();

    @Override
    public String getName() {
        return "ebats.publish";
    }

    @Override
    public String getContextualName(EbatsPublishContext context) {
        return "publish " + context.message().destination();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(EbatsPublishContext context) {
        OutgoingMessage m = context.message();
        boolean task = m.topic().isPresent();
        return KeyValues.of(
                EbatsKeys.MESSAGING_SYSTEM, "rabbitmq",
                EbatsKeys.MESSAGING_OPERATION_TYPE, "send",
                EbatsKeys.MESSAGING_OPERATION_NAME, "publish",
                EbatsKeys.MESSAGING_DESTINATION_NAME, m.destination(),
                EbatsKeys.PUBLISH_KIND, m.kind().name().toLowerCase(Locale.ROOT),
                EbatsKeys.TASK_NAME, task && m.name() != null ? m.name() : EbatsKeys.NONE,
                EbatsKeys.TOPIC, m.topic().orElse(EbatsKeys.NONE),
                EbatsKeys.EVENT_NAME, m.eventName().orElse(EbatsKeys.NONE));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(EbatsPublishContext context) {
        OutgoingMessage m = context.message();
        KeyValues values = KeyValues.of(
                EbatsKeys.MESSAGING_MESSAGE_ID, String.valueOf(m.messageId()),
                EbatsKeys.MESSAGING_RABBITMQ_ROUTING_KEY, m.routingKey(),
                EbatsKeys.EXCHANGE, m.exchange());
        if (m.topic().isPresent()) {
            values = values.and(EbatsKeys.TASK_ID, String.valueOf(m.messageId()),
                    EbatsKeys.TASK_ATTEMPT, Integer.toString(m.attempt()));
        }
        if (m.eventId().isPresent()) {
            values = values.and(EbatsKeys.EVENT_ID, m.eventId().get());
        }
        return values;
    }
}
