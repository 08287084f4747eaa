package io.ebats;

/**
 * The state of one topic's queues.
 *
 * @param topic     the topic
 * @param ready     tasks waiting in the queue
 * @param inFlight  tasks running on the workers online (from their heartbeats)
 * @param consumers consumers attached (one per worker and topic)
 * @param dead      tasks in the topic's dead-letter queue
 * @param exists    false when the topic's queue was never declared
 * @param paused    true while the topic is paused ({@link TopicControl#pause}): its workers take no tasks
 */
public record TopicStatus(String topic, long ready, int inFlight, int consumers, long dead, boolean exists,
                          boolean paused) {
}
