package io.ebats;

import java.util.List;
import java.util.function.Predicate;

/**
 * Lists, replays and purges dead letters. Replay sends a dead letter back where it came from (the topic's
 * queue as a first attempt with the same task id, the scheduler, or the consumer's queue) and removes it only
 * once the broker confirmed the replayed copy.
 *
 * <p>Thread-safe. Each call reads the queue as it is at the start of the call.
 */
public interface DeadLetters {

    /** Up to {@code limit} dead letters, oldest first; they stay in the queue. */
    List<DeadLetter> list(DeadLetterSource source, int limit);

    /** How many dead letters the source has. */
    long count(DeadLetterSource source);

    /** Replays the dead letters matching {@code filter}; returns how many were replayed. */
    int replay(DeadLetterSource source, Predicate<DeadLetter> filter);

    /** Replays one dead letter by id; returns whether it was found. */
    default boolean replay(DeadLetterSource source, String id) {
        return replay(source, d -> id.equals(d.id())) > 0;
    }

    /** Replays every dead letter of the source. */
    default int replayAll(DeadLetterSource source) {
        return replay(source, d -> true);
    }

    /** Deletes the dead letters matching {@code filter}; returns how many were deleted. */
    int purge(DeadLetterSource source, Predicate<DeadLetter> filter);

    /** Deletes every dead letter of the source. */
    default int purgeAll(DeadLetterSource source) {
        return purge(source, d -> true);
    }
}
