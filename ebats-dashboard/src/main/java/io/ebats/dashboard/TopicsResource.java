package io.ebats.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebats.TopicStatus;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/topics/pause|resume} with {@code {"topic": NAME}}: the commands of {@code ebats pause} and
 * {@code ebats resume}, for a topic whose queue exists.
 */
final class TopicsResource {

    private final SystemView system;

    TopicsResource(SystemView system) {
        this.system = system;
    }

    void pause(HttpCall call) throws IOException {
        String topic = existing(call);
        boolean changed = system.ebats().topics().pause(topic);
        call.json(200, Map.of("paused", topic, "changed", changed));
    }

    void resume(HttpCall call) throws IOException {
        String topic = existing(call);
        boolean changed = system.ebats().topics().resume(topic);
        call.json(200, Map.of("resumed", topic, "changed", changed));
    }

    /** The body's topic, whose queue must exist. */
    private String existing(HttpCall call) throws IOException {
        JsonNode name = call.jsonBody().get("topic");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw ApiError.badRequest("topic must be the name of a topic");
        }
        String topic = name.asText();
        TopicStatus status;
        try {
            status = system.ebats().status(List.of(topic)).topics().get(0);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        if (!status.exists()) {
            throw ApiError.notFound("no topic " + topic);
        }
        return topic;
    }
}
