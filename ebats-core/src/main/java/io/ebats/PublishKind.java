package io.ebats;

/** What a publish seen by a {@link PublishInterceptor} is. */
public enum PublishKind {
    /** An event, published by business code or a schedule, to {@code {ns}.events}. */
    EVENT,
    /** A task: made by the scheduler from an event, created directly ({@link Tasks#create}) or fired by a schedule. */
    TASK,
    /** The next attempt of a task after a retryable failure, or a task that came early published again for the rest of its delay. */
    RETRY,
    /** A dead letter, published by a worker, the scheduler or a custom consumer into a dead-letter queue. */
    DEAD_LETTER,
    /** A dead letter replayed into the queue it came from ({@link DeadLetters#replay}). */
    REPLAY
}
