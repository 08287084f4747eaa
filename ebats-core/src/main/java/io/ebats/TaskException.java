package io.ebats;

/**
 * Thrown by a task handler when the task can never succeed: it is not retried and goes straight to the
 * dead-letter queue, recorded as {@link Outcome#FAILED}.
 */
public class TaskException extends RuntimeException {

    public TaskException(String message) {
        super(message);
    }

    public TaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
