package io.ebats;

import java.time.Duration;

/**
 * Where unique keys are held: a table with a unique index on the key, so that of any number of creators in any
 * number of processes claiming one key at once, exactly one wins (AMQP has no insert-if-absent). The history store
 * is one; {@link UniqueTasks} claims a key through it before it publishes the task, and the store releases the
 * key when the workers record the task's end.
 *
 * <p>A key is held by one task id, in one of three states: <em>pending</em> (claimed, its task not yet confirmed
 * by the broker), <em>queued</em> (the task is queued, delayed, running or retrying) and <em>succeeded</em> (held
 * until its window ends). A key whose task failed or died is free, as is one whose window ended, and one pending
 * for longer than the pending timeout of the claim that finds it (its creator died before its publish).
 *
 * <p>Implementations must be thread-safe and exact across processes.
 */
public interface UniqueKeys {

    /**
     * Claims {@code key} for the task {@code taskId}, pending, unless another task holds it.
     *
     * @param window         how long the key stays held once its task succeeded; zero for not at all
     * @param pendingTimeout how long a pending key of another task is held before it is taken as abandoned
     * @return {@code taskId} when the key is now held by it (also when it already was); otherwise the id of the
     *         task that holds it
     * @throws IllegalStateException when the store cannot tell (its database is down); nothing is claimed then
     */
    String claim(String key, String taskId, Duration window, Duration pendingTimeout);

    /**
     * Marks the key, pending for {@code taskId}, as queued: its task was confirmed by the broker. Nothing happens
     * when the key is no longer pending for that task (the task already ended, say).
     *
     * @throws IllegalStateException when the database cannot be written
     */
    void queued(String key, String taskId);

    /**
     * Frees the key if {@code taskId} still holds it: its task was not created.
     *
     * @throws IllegalStateException when the database cannot be written
     */
    void abandon(String key, String taskId);
}
