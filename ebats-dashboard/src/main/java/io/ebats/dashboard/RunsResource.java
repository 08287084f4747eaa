package io.ebats.dashboard;

import io.ebats.Outcome;
import io.ebats.store.AttemptRecord;
import io.ebats.store.HistoryQuery;
import io.ebats.store.HistoryStore;
import io.ebats.store.MatchCount;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code GET /api/runs} and {@code GET /api/tasks/{taskId}}: the attempts in the history store. */
final class RunsResource {

    private static final int MAX_ATTEMPTS_SHOWN = 1000;

    private final HistoryStore history;

    RunsResource(HistoryStore history) {
        this.history = history;
    }

    void runs(HttpCall call) throws IOException {
        HistoryStore store = store();
        HistoryQuery query = HistoryQuery.builder()
                .topic(call.param("topic"))
                .taskName(call.param("task"))
                .outcome(outcome(call.param("outcome")))
                .taskId(call.param("taskId"))
                .eventId(call.param("eventId"))
                .paramsContains(call.param("q"))
                .since(instant("since", call.param("since")))
                .until(instant("until", call.param("until")))
                .limit(call.intParam("limit", 50, 1, 500))
                .offset(call.intParam("offset", 0, 0, Integer.MAX_VALUE)).build();
        Map<String, Object> body = new LinkedHashMap<>();
        MatchCount total = store.countAhead(query, HistoryStore.PAGES_COUNTED_AHEAD);
        body.put("total", total.count());
        body.put("totalExact", total.exact()); // false: more than total
        body.put("limit", query.limit());
        body.put("offset", query.offset());
        body.put("runs", store.find(query).stream().map(AttemptRecord::fields).toList());
        call.json(200, body);
    }

    void task(HttpCall call, String taskId) throws IOException {
        List<AttemptRecord> attempts =
                store().find(HistoryQuery.builder().taskId(taskId).limit(MAX_ATTEMPTS_SHOWN).build());
        if (attempts.isEmpty()) {
            throw ApiError.notFound("the history has no attempt of task " + taskId);
        }
        List<Map<String, Object>> timeline = attempts.stream()
                .sorted(Comparator.comparing(AttemptRecord::startedAt).thenComparingLong(AttemptRecord::id))
                .map(AttemptRecord::fields).toList();
        call.json(200, Map.of("taskId", taskId, "attempts", timeline));
    }

    private HistoryStore store() {
        if (history == null) {
            throw new ApiError(503, "history is off: no runs are recorded");
        }
        return history;
    }

    private static Outcome outcome(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Outcome.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("outcome must be one of SUCCEEDED, RETRYING, FAILED, DEAD; was '" + value + "'");
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + " must be an ISO-8601 time such as 2026-12-03T10:00:00Z; was '"
                    + value + "'");
        }
    }
}
