package io.ebats.observation;

import io.ebats.HandlerResult;
import io.ebats.Handling;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * Process observations named {@code ebats.process}, with spans named {@code process {queue}} by the OpenTelemetry
 * messaging conventions: {@code process {ns}.task.{topic}} for a handler run, {@code process {ns}.scheduler} for an
 * event's dispatch. Every low-cardinality key is always present ({@code none} where it does not apply, and as the
 * outcome until the run ended). Thread-safe.
 */
public class DefaultEbatsProcessObservationConvention implements EbatsProcessObservationConvention {

    /** The shared instance. */
    public static final DefaultEbatsProcessObservationConvention INSTANCE = new DefaultEbatsProcessObservationConvention();

    @Override
    public String getName() {
        return "ebats.process";
    }

    @Override
    public String getContextualName(EbatsProcessContext context) {
        return "process " + context.handling().queue();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(EbatsProcessContext context) {
        Handling h = context.handling();
        boolean task = h.kind() == Handling.Kind.TASK;
        HandlerResult result = context.result();
        return KeyValues.of(
                EbatsKeys.MESSAGING_SYSTEM, "rabbitmq",
                EbatsKeys.MESSAGING_OPERATION_TYPE, "process",
                EbatsKeys.MESSAGING_OPERATION_NAME, "process",
                EbatsKeys.MESSAGING_DESTINATION_NAME, h.queue(),
                EbatsKeys.TASK_NAME, task ? h.name() : EbatsKeys.NONE,
                EbatsKeys.TOPIC, task && h.topic() != null ? h.topic() : EbatsKeys.NONE,
                EbatsKeys.EVENT_NAME, h.eventName() != null ? h.eventName() : EbatsKeys.NONE,
                EbatsKeys.TASK_OUTCOME, outcome(result),
                EbatsKeys.TASK_TIMED_OUT, Boolean.toString(result != null && result.timedOut()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(EbatsProcessContext context) {
        Handling h = context.handling();
        KeyValues values = KeyValues.of(EbatsKeys.MESSAGING_MESSAGE_ID, h.id());
        if (h.kind() == Handling.Kind.TASK) {
            values = values.and(EbatsKeys.TASK_ID, h.id(), EbatsKeys.TASK_ATTEMPT, Integer.toString(h.attempt()));
        }
        if (h.eventId() != null) {
            values = values.and(EbatsKeys.EVENT_ID, h.eventId());
        }
        return values;
    }

    private static String outcome(HandlerResult result) {
        if (result == null) {
            return EbatsKeys.NONE;
        }
        return result.outcome() == null ? "requeued" : result.outcome().name().toLowerCase(Locale.ROOT);
    }
}
