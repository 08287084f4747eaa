package io.ebats;

/** How one attempt of a task ended. */
public enum Outcome {
    /** The handler returned; the task is done. */
    SUCCEEDED,
    /** The attempt failed in a retryable way; another attempt is scheduled. */
    RETRYING,
    /** The handler threw {@link TaskException}; the task is in the dead-letter queue. */
    FAILED,
    /**
     * The task cannot run or ran out of attempts (attempts exhausted, unknown task, malformed message); it is
     * in the dead-letter queue.
     */
    DEAD,
    /**
     * A copy of a task that had already succeeded, acknowledged without running: reported only by workers that
     * {@linkplain Worker.Builder#skipSucceeded skip succeeded tasks}.
     */
    SKIPPED,
    /**
     * The task was {@linkplain Cancellations#cancel cancelled}: acknowledged without running when it arrived, or its
     * running handler was interrupted. Never retried, never dead-lettered.
     */
    CANCELLED
}
