package io.ebats;

import java.util.List;

/**
 * A snapshot of the system's queues.
 *
 * @param topics             per topic: ready, in flight, consumers, dead, paused
 * @param delayed            tasks waiting in the delay ladder (all topics; on RabbitMQ, of every namespace that shares
 *                           the ladder)
 * @param pendingEvents      events waiting for a scheduler
 * @param unregisteredEvents events that had no registration, kept in the events' dead-letter queue
 * @param delayLadder        the delay ladder's own counts
 * @param workers            the workers online
 */
public record Status(List<TopicStatus> topics, long delayed, long pendingEvents, long unregisteredEvents,
                     DelayLadderStatus delayLadder, List<WorkerPresence> workers) {
}
