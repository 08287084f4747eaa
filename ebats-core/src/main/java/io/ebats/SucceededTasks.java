package io.ebats;

/**
 * Knows which tasks have already succeeded, so that a worker can skip a second copy of one (see
 * {@link Worker.Builder#skipSucceeded}). Copies happen when a scheduler or publisher dies between publishing and
 * being acknowledged: the event is dispatched again with the same task ids. The history store is one.
 *
 * <p>Implementations must be thread-safe and quick: the worker asks once per delivered task.
 */
@FunctionalInterface
public interface SucceededTasks {

    /** Whether a task with this id has succeeded before. */
    boolean succeeded(String taskId);
}
