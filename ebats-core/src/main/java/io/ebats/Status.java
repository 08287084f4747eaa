package io.ebats;

import java.util.List;

/**
 * A snapshot of the system's queues.
 *
 * @param topics             per topic: ready, in flight, consumers, dead
 * @param delayed            tasks waiting in the delay ladder (all topics)
 * @param pendingEvents      events waiting for a scheduler
 * @param unregisteredEvents events that had no registration, kept in the events' dead-letter queue
 * @param workers            the workers online
 */
public record Status(List<TopicStatus> topics, long delayed, long pendingEvents, long unregisteredEvents,
                     List<WorkerPresence> workers) {
}
