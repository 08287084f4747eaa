package io.ebats.dashboard;

import io.ebats.Ebats;
import io.ebats.EventManager;
import io.ebats.Status;
import io.ebats.WorkerPresence;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the dashboard knows of the running system: the topics to show and a snapshot of the queues, read from the
 * broker at most once a second however many pages and scrapes ask.
 */
final class SystemView {

    private static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final Ebats ebats;
    private final EventManager registry;
    private final Set<String> extraTopics;
    private Status status;
    private long statusAt;

    SystemView(Ebats ebats, EventManager registry, Set<String> extraTopics) {
        this.ebats = ebats;
        this.registry = registry;
        this.extraTopics = extraTopics;
    }

    Ebats ebats() {
        return ebats;
    }

    EventManager registry() {
        return registry;
    }

    /** The registered topics, the configured ones and those consumed by a worker online. */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>(extraTopics);
        if (registry != null) {
            topics.addAll(registry.topics());
        }
        for (WorkerPresence worker : ebats.workers()) {
            topics.addAll(worker.inFlight().keySet());
        }
        return topics;
    }

    /** The queues now, or as they were less than a second ago. */
    synchronized Status status() {
        long now = System.nanoTime();
        if (status == null || now - statusAt > MAX_AGE_NANOS) {
            status = ebats.status(topics());
            statusAt = System.nanoTime();
        }
        return status;
    }
}
