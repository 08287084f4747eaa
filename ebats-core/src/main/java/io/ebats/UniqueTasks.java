package io.ebats;

/**
 * Creates tasks that carry a unique key: while the task holding a key is queued, delayed, running or retrying, or
 * succeeded less than the key's {@linkplain UniqueKey#window() window} ago, creating another task with that key
 * creates nothing and returns the id of the one holding it. When the holder failed or died (it is dead-lettered),
 * or its window after success ended, the key is free again; retries keep it. Obtained from
 * {@link Ebats#uniqueTasks(UniqueKeys)} with the store that holds the keys.
 *
 * <pre>{@code
 * UniqueTasks unique = ebats.uniqueTasks(history);
 * UniqueTasks.Creation c = unique.create(NewTask.of("demo", "ship", Map.of("order_id", "42")),
 *         UniqueKey.template("order:{order_id}", Duration.ofMinutes(10)));
 * }</pre>
 *
 * <p>A key is released when the workers of the task's topic record the task's end to the store (the history store
 * is their {@code AttemptListener}): they must record to the same database, or a key whose task was queued is
 * never released (delete its row by hand; see docs/protocol.md). A key is released within about the store's
 * flush interval after its task ended.
 *
 * <p>Thread-safe.
 */
public interface UniqueTasks {

    /**
     * Claims the key, then creates the task and returns once the broker confirmed it; or, when another task holds
     * the key, creates nothing and returns that task's id.
     *
     * @throws PublishException         when the broker did not confirm the task; the key is freed again
     * @throws IllegalStateException    when the key store cannot be asked; nothing was created
     * @throws IllegalArgumentException when the task is invalid, or the key's template names a param the task
     *                                  does not have, or the key comes out empty
     */
    Creation create(NewTask task, UniqueKey key);

    /**
     * What a create did.
     *
     * @param id      the id of the task created, or when none was, of the task that holds the key
     * @param created false when nothing was created: a task with the key was already enqueued
     */
    record Creation(String id, boolean created) {
    }
}
