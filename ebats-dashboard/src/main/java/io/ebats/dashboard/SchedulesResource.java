package io.ebats.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebats.ScheduleStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/schedules}: the schedules as the process that fires them has them; {@code POST
 * /api/schedules/pause|resume|trigger} with {@code {"schedule": NAME}}: the commands of {@code ebats schedule}.
 */
final class SchedulesResource {

    /** How long a listing waits for the firing process: the page reads every 2 s. */
    private static final Duration ANSWER_WAIT = Duration.ofMillis(1500);

    private final SystemView system;

    SchedulesResource(SystemView system) {
        this.system = system;
    }

    void list(HttpCall call) throws IOException {
        Optional<List<ScheduleStatus>> rows = system.ebats().schedules().list(ANSWER_WAIT);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("firing", rows.isPresent());
        body.put("schedules", rows.orElse(List.of()));
        call.json(200, body);
    }

    void pause(HttpCall call) throws IOException {
        String schedule = known(call);
        system.ebats().schedules().pause(schedule);
        call.json(200, Map.of("paused", schedule));
    }

    void resume(HttpCall call) throws IOException {
        String schedule = known(call);
        system.ebats().schedules().resume(schedule);
        call.json(200, Map.of("resumed", schedule));
    }

    void trigger(HttpCall call) throws IOException {
        String schedule = known(call);
        call.json(200, Map.of("triggered", schedule, "id", system.ebats().schedules().trigger(schedule)));
    }

    /** The body's schedule, which the firing process must know when one answers. */
    private String known(HttpCall call) throws IOException {
        JsonNode body = call.jsonBody();
        JsonNode name = body.get("schedule");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw ApiError.badRequest("schedule must be the name of a schedule");
        }
        String schedule = name.asText();
        Optional<List<ScheduleStatus>> rows = system.ebats().schedules().list(ANSWER_WAIT);
        if (rows.isPresent() && rows.get().stream().noneMatch(s -> s.name().equals(schedule))) {
            throw ApiError.notFound("no schedule " + schedule);
        }
        return schedule;
    }
}
