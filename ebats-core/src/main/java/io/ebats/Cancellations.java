package io.ebats;

import java.nio.charset.StandardCharsets;

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

    /** The longest AMQP short string, which a message id is. */
    int MAX_TASK_ID_BYTES = 255;

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

    /**
     * Checks that {@code taskId} can be a task's id: an AMQP message id, not blank, at most 255 bytes of UTF-8, no
     * control characters. Tools check every id before they cancel any.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static void checkTaskId(String taskId) {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("task id must not be blank");
        }
        int bytes = taskId.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TASK_ID_BYTES) {
            throw new IllegalArgumentException("task id is " + bytes + " bytes long, over the " + MAX_TASK_ID_BYTES
                    + " of an AMQP message id: no task has it");
        }
        for (int i = 0; i < taskId.length(); i++) {
            if (Character.isISOControl(taskId.charAt(i))) {
                throw new IllegalArgumentException("task id '" + taskId.replaceAll("\\p{Cntrl}", "?")
                        + "' holds a control character at index " + i + ": no task has it");
            }
        }
    }
}
