package io.ebats.internal.scheduling;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ebats.EbatsException;
import io.ebats.internal.message.Json;
import java.io.IOException;

/**
 * A command to the process that fires the schedules, a JSON message of {@code {ns}.schedules.control}
 * (docs/protocol.md, section 9).
 *
 * @param op       {@code pause}, {@code resume}, {@code trigger} or {@code list}
 * @param schedule the schedule's name; null for {@code list}
 * @param id       the fire's id for {@code trigger}; null otherwise
 */
record ScheduleCommand(String op, String schedule, String id) {

    static final String PAUSE = "pause";
    static final String RESUME = "resume";
    static final String TRIGGER = "trigger";
    static final String LIST = "list";

    byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a schedule command", e);
        }
    }

    /** @throws EbatsException when the body is not a command */
    static ScheduleCommand fromJson(byte[] body) {
        try {
            return Json.MAPPER.readValue(body, ScheduleCommand.class);
        } catch (IOException e) {
            throw new EbatsException("not a schedule command: " + e.getMessage(), e);
        }
    }
}
