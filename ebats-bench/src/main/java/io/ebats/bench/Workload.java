package io.ebats.bench;

import java.time.Duration;

/**
 * One scenario's moving parts, set up once and driven round after round: publishers that send message
 * {@code index} of a round, and a consumer that reports each message done to the current round.
 */
interface Workload extends AutoCloseable {

    /** The publisher used by publishing thread {@code thread} alone, for every round. */
    Publisher publisher(int thread) throws Exception;

    /** Routes what the consumer finishes to {@code round} from now on. */
    void route(Round round);

    /** Tasks each published message turns into: 1, or the tasks an event is registered to. */
    default int tasksPerMessage() {
        return 1;
    }

    /**
     * Time a round of {@code count} messages takes beyond moving them: the longest delay, publishing at a set
     * rate; each round's bound grows by it.
     */
    default Duration extraTime(int count) {
        return Duration.ZERO;
    }

    /**
     * Called once every message of the round is done: waits, at most {@code timeout}, for what the workload
     * still does for the round in the background, and reports it. Only {@code history} has such work (writing
     * its records); the others return {@code null} at once.
     */
    default HistoryWrites settle(Round round, Duration timeout) throws InterruptedException {
        return null;
    }

    /** Stops the consumer and releases what {@link #publisher} and the set-up opened. */
    @Override
    void close();

    /** Sends messages for one thread. */
    interface Publisher {

        /** Publishes message {@code index}, calling {@link Round#sent} first. */
        void publish(Round round, int index) throws Exception;

        /** Waits until every publish of this thread is confirmed; false when the time ran out. */
        default boolean drain(Duration timeout) throws InterruptedException {
            return true;
        }
    }
}
