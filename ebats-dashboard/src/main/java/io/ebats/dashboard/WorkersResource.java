package io.ebats.dashboard;

import io.ebats.WorkerPresence;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/workers}: the workers online and what each runs, from their heartbeats. */
final class WorkersResource {

    private final SystemView system;

    WorkersResource(SystemView system) {
        this.system = system;
    }

    void workers(HttpCall call) throws IOException {
        List<Map<String, Object>> workers = system.ebats().workers().stream().map(WorkersResource::view).toList();
        call.json(200, Map.of("workers", workers));
    }

    private static Map<String, Object> view(WorkerPresence w) {
        Map<String, Object> worker = new LinkedHashMap<>();
        worker.put("workerId", w.workerId());
        worker.put("name", w.name());
        worker.put("host", w.host());
        worker.put("pid", w.pid());
        worker.put("concurrency", w.concurrency());
        worker.put("topics", List.copyOf(w.inFlight().keySet()));
        worker.put("startedAt", w.startedAt());
        worker.put("lastSeen", w.heartbeatAt());
        worker.put("inFlight", w.totalInFlight());
        worker.put("running", w.running().stream().map(t -> {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("topic", t.topic());
            task.put("taskId", t.taskId());
            task.put("taskName", t.taskName());
            task.put("attempt", t.attempt());
            task.put("startedAt", t.startedAt());
            return task;
        }).toList());
        return worker;
    }
}
