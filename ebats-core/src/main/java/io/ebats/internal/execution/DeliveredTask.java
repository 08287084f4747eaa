package io.ebats.internal.execution;

import io.ebats.TaskContext;
import io.ebats.internal.interception.Interception;
import io.ebats.internal.message.Headers;
import io.ebats.internal.message.Json;
import io.ebats.internal.message.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The {@link TaskContext} of one attempt. */
final class DeliveredTask implements TaskContext {

    private final TaskMessage message;
    private Map<String, Object> params;

    DeliveredTask(TaskMessage message) {
        this.message = message;
    }

    @Override
    public String taskId() {
        return message.id();
    }

    @Override
    public String taskName() {
        return message.name();
    }

    @Override
    public String topic() {
        return message.topic();
    }

    @Override
    public int attempt() {
        return message.attempt();
    }

    @Override
    public Optional<String> eventId() {
        return Optional.ofNullable(message.eventId());
    }

    @Override
    public Optional<String> schedule() {
        Object name = message.carried().get(Headers.SCHEDULE); // a LongString when it came from the broker
        return name == null ? Optional.empty() : Optional.of(name.toString());
    }

    @Override
    public Optional<Instant> nominalTime() {
        return message.carried().get(Headers.NOMINAL_AT) instanceof Number millis
                ? Optional.of(Instant.ofEpochMilli(millis.longValue())) : Optional.empty();
    }

    @Override
    public Map<String, String> headers() {
        return Interception.foreignStrings(message.carried());
    }

    @Override
    public String paramsJson() {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, Object> params() {
        if (params == null) {
            params = new LazyParams(message.body());
        }
        return params;
    }

    @Override
    public <T> T params(Class<T> type) {
        if (type == Map.class) {
            return type.cast(params());
        }
        return Json.read(message.body(), type);
    }
}
