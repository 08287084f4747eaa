package io.ebats;

/**
 * Cancels tasks: a cancelled task that is queued, delayed or waiting for a retry is acknowledged without running
 * when it arrives at a worker, and reported {@link Outcome#CANCELLED}, never dead-lettered; a running one has its
 * handler interrupted and is reported {@link Outcome#CANCELLED}, without a retry. Obtained from
 * {@link Ebats#cancellations(CancelledTasks)} with the store that holds the cancels (the history store).
 *
 * <pre>{@code
 * Cancellation c = ebats.cancellations(history).cancel(taskId);
 * if (!c.cancelled()) {
 *     System.out.println("already " + c.newest());
 * }
 * }</pre>
 *
 * <p>The cancel is recorded in the store, then told to every worker of the namespace at once (a fanout broadcast);
 * workers read the store when they start and after a reconnect, so a cancel holds through restarts of every process
 * and of the broker. Only workers given the same store ({@link Worker.Builder#cancellations}) honour it. A handler
 * that ends within the few milliseconds the broadcast takes to reach its worker, or that ignores its interrupt and
 * returns a success after it, is reported as cancelled all the same: its delivery is acknowledged at the cancel.
 *
 * <p>Thread-safe.
 */
public interface Cancellations {

    /**
     * Cancels the task unless it has ended, and tells every worker; returns once the broker confirmed the broadcast.
     *
     * @throws IllegalArgumentException when {@code taskId} is blank, longer than an AMQP message id allows (255 bytes
     *                                  of UTF-8) or holds a control character
     * @throws IllegalStateException    when the store cannot be asked or written; nothing is cancelled then
     * @throws PublishException         when the broker did not confirm the broadcast: the cancel is recorded, and
     *                                  tasks that arrive later do not run, but a worker running the task now may not
     *                                  know; cancel again
     */
    Cancellation cancel(String taskId);
}
