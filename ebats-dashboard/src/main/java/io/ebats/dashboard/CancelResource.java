package io.ebats.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebats.Cancellation;
import io.ebats.Cancellations;
import io.ebats.Ebats;
import io.ebats.store.HistoryStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/tasks/cancel} with {@code {"taskId": ID}}: the command of {@code ebats cancel}, holding the cancel
 * in the history database; answers what it did ({@code result}: CANCELLED, ALREADY_CANCELLED or FINISHED, and the
 * newest outcome the history knows).
 */
final class CancelResource {

    private final Cancellations cancellations;

    /** {@code history} null: the history is off, and cancels cannot be held. */
    CancelResource(Ebats ebats, HistoryStore history) {
        this.cancellations = history == null ? null : ebats.cancellations(history);
    }

    void cancel(HttpCall call) throws IOException {
        if (cancellations == null) {
            throw new ApiError(503, "history is off: cancels are held in the history database");
        }
        JsonNode id = call.jsonBody().get("taskId");
        if (id == null || !id.isTextual()) {
            throw ApiError.badRequest("taskId must be the id of a task");
        }
        try {
            Cancellations.checkTaskId(id.asText());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        Cancellation c = cancellations.cancel(id.asText());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("taskId", c.taskId());
        answer.put("result", c.result().name());
        answer.put("newest", c.newest() == null ? null : c.newest().name());
        call.json(200, answer);
    }
}
