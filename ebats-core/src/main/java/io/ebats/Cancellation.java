package io.ebats;

import java.util.Objects;

/**
 * What a {@linkplain Cancellations#cancel cancel} of a task did.
 *
 * @param taskId  the task
 * @param result  whether the cancel was recorded now, before, or not at all because the task had ended
 * @param newest  the outcome of the newest attempt of the task the store knows of: for {@link Result#FINISHED} how it
 *                ended; for {@link Result#CANCELLED} {@link Outcome#RETRYING} (it was waiting for its next attempt)
 *                or null (no attempt of it was recorded: it is queued, delayed or running its first attempt, or no
 *                such task exists, which the store cannot tell apart)
 */
public record Cancellation(String taskId, Result result, Outcome newest) {

    /** What became of the cancel. */
    public enum Result {
        /**
         * Recorded now: the task does not run when it arrives at a worker, and a run of it is interrupted. It stays
         * recorded through restarts of every process and of the broker.
         */
        CANCELLED,
        /** It had been cancelled before (and was told to the workers again). */
        ALREADY_CANCELLED,
        /** Its newest attempt had ended it ({@link #newest()} says how): nothing was recorded. */
        FINISHED
    }

    public Cancellation {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(result, "result");
    }

    /** True unless the task had finished: it is cancelled now. */
    public boolean cancelled() {
        return result != Result.FINISHED;
    }
}
