package io.ebats;

/**
 * Pauses and resumes topics from any process. A paused topic keeps its tasks in its queue: every worker of it, in
 * every process, stops taking tasks within a second (running ones finish; those it had received but not started go
 * back to the queue, not counted as redeliveries), tasks created or coming due meanwhile wait in the queue, and a
 * worker started while it is paused starts paused. The state is kept by the broker (a marker queue per topic,
 * docs/protocol.md section 10), so it holds across processes, machines and restarts until resumed.
 *
 * <p>Thread-safe. Each call is a round trip to the broker.
 */
public interface TopicControl {

    /**
     * Pauses {@code topic}; returns once the broker confirmed the pause. Pausing a topic no worker consumes yet is
     * allowed: its workers start paused.
     *
     * @return false when it was paused already
     * @throws IllegalArgumentException when {@code topic} is not a valid topic name
     * @throws PublishException         when the broker did not confirm the pause within the publish timeout
     */
    boolean pause(String topic);

    /**
     * Resumes {@code topic}: its workers take tasks again within a second.
     *
     * @return false when it was not paused
     * @throws IllegalArgumentException when {@code topic} is not a valid topic name
     */
    boolean resume(String topic);

    /**
     * Whether {@code topic} is paused now, as the broker keeps it.
     *
     * @throws IllegalArgumentException when {@code topic} is not a valid topic name
     */
    boolean isPaused(String topic);
}
