package io.ebats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a running worker announces about itself with every heartbeat.
 *
 * @param workerId    unique per worker instance
 * @param name        the worker's name
 * @param host        the host it runs on
 * @param pid         its process id
 * @param concurrency tasks run at once per topic
 * @param inFlight    tasks running now, per topic
 * @param running     the tasks running now (at most {@value #MAX_LISTED_TASKS})
 * @param startedAt   when the worker started
 * @param heartbeatAt when this announcement was made
 */
public record WorkerPresence(String workerId, String name, String host, long pid, int concurrency,
                             Map<String, Integer> inFlight, List<RunningTask> running, Instant startedAt,
                             Instant heartbeatAt) {

    /** Running tasks listed per announcement, at most. */
    public static final int MAX_LISTED_TASKS = 100;

    /**
     * A task a worker is running.
     *
     * @param topic     its topic
     * @param taskId    its id
     * @param taskName  its name
     * @param attempt   its attempt number
     * @param startedAt when this attempt started
     */
    public record RunningTask(String topic, String taskId, String taskName, int attempt, Instant startedAt) {
    }

    /** Tasks running now, all topics. */
    public int totalInFlight() {
        return inFlight.values().stream().mapToInt(Integer::intValue).sum();
    }
}
