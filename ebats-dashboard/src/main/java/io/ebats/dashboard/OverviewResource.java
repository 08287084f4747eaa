package io.ebats.dashboard;

import io.ebats.Registration;
import io.ebats.Status;
import io.ebats.TopicStatus;
import io.ebats.store.HistoryStore;
import io.ebats.store.OutcomeCounts;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/overview} and {@code GET /api/throughput}. */
final class OverviewResource {

    static final Duration BUCKET = Duration.ofSeconds(10);

    private final SystemView system;
    private final HistoryStore history;

    OverviewResource(SystemView system, HistoryStore history) {
        this.system = system;
        this.history = history;
    }

    void overview(HttpCall call) throws IOException {
        Status status = system.status();
        Map<String, Object> body = new LinkedHashMap<>();
        var config = system.ebats().config();
        body.put("namespace", config.namespace());
        body.put("broker", config.broker().describe());
        body.put("brokerType", system.ebats().brokerType().name());
        body.put("now", Instant.now());
        body.put("history", history != null);
        List<Map<String, Object>> topics = new ArrayList<>();
        for (TopicStatus t : status.topics()) {
            Map<String, Object> topic = new LinkedHashMap<>();
            topic.put("topic", t.topic());
            topic.put("exists", t.exists());
            topic.put("ready", t.ready());
            topic.put("inFlight", t.inFlight());
            topic.put("consumers", t.consumers());
            topic.put("dead", t.dead());
            topic.put("paused", t.paused());
            topics.add(topic);
        }
        body.put("topics", topics);
        body.put("delayed", status.delayed());
        body.put("undeliverable", status.delayLadder().undeliverable());
        body.put("pendingEvents", status.pendingEvents());
        body.put("unregisteredEvents", status.unregisteredEvents());
        body.put("workers", status.workers().size());
        body.put("events", events());
        call.json(200, body);
    }

    void throughput(HttpCall call) throws IOException {
        if (history == null) {
            throw new ApiError(503, "history is off: no runs are recorded");
        }
        int minutes = call.intParam("minutes", 15, 1, 1440);
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (OutcomeCounts c : history.throughput(Instant.now().minus(Duration.ofMinutes(minutes)), BUCKET)) {
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("at", c.at());
            bucket.put("succeeded", c.succeeded());
            bucket.put("retrying", c.retrying());
            bucket.put("failed", c.failed());
            bucket.put("dead", c.dead());
            buckets.add(bucket);
        }
        call.json(200, Map.of("bucketSeconds", BUCKET.toSeconds(), "buckets", buckets));
    }

    private List<Map<String, Object>> events() {
        Map<String, List<Map<String, Object>>> byEvent = new LinkedHashMap<>();
        if (system.registry() != null) {
            for (Registration r : system.registry().registrations()) {
                Map<String, Object> task = new LinkedHashMap<>();
                task.put("task", r.task());
                task.put("topic", r.topic());
                task.put("delayMs", r.delay().toMillis());
                byEvent.computeIfAbsent(r.event(), e -> new ArrayList<>()).add(task);
            }
        }
        List<Map<String, Object>> events = new ArrayList<>();
        byEvent.forEach((event, tasks) -> events.add(Map.of("event", event, "tasks", tasks)));
        return events;
    }
}
