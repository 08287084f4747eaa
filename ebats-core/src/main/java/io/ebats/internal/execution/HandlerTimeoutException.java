package io.ebats.internal.execution;

import java.time.Duration;

/** A handler ran past its timeout and was interrupted; a retryable failure. */
public final class HandlerTimeoutException extends RuntimeException {

    HandlerTimeoutException(String task, Duration timeout) {
        super("task " + task + " exceeded its timeout of " + timeout.toMillis() + " ms and was interrupted");
    }
}
