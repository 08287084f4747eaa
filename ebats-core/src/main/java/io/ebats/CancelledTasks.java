package io.ebats;

import java.util.Set;

/**
 * Where cancels of tasks are held: a table keyed by task id, durable through restarts of every process and of the
 * broker. The history store is one: {@link Ebats#cancellations(CancelledTasks)} records cancels in it, and workers
 * given it ({@link Worker.Builder#cancellations}) read it when they start and after each reconnect, and learn of
 * later cancels from the namespace's cancel broadcast (docs/protocol.md, section 12).
 *
 * <p>Implementations must be thread-safe and exact across processes.
 */
public interface CancelledTasks {

    /**
     * Records that the task is cancelled, unless its newest recorded attempt ended it.
     *
     * @return what was done; {@link Cancellation.Result#ALREADY_CANCELLED} when a cancel of it was recorded before
     * @throws IllegalStateException when the store cannot be asked or written; nothing is recorded then
     */
    Cancellation cancel(String taskId);

    /**
     * The ids of every task whose cancel is held: what a worker loads when it starts and after a reconnect.
     *
     * @throws IllegalStateException when the store cannot be asked
     */
    Set<String> cancelledIds();
}
