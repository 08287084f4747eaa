package io.ebats;

/**
 * Runs one task. Return normally for success; throw {@link RetryException} to try again later,
 * {@link TaskException} to give up, anything else to retry under the task's retry policy.
 *
 * @param <P> the type the parameters are bound to
 */
@FunctionalInterface
public interface TaskHandler<P> {

    void handle(P params, TaskContext context) throws Exception;
}
