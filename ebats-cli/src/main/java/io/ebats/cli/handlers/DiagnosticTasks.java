package io.ebats.cli.handlers;

import io.ebats.HandlesTask;
import io.ebats.RetryException;
import io.ebats.TaskContext;
import io.ebats.TaskException;
import java.time.Duration;
import java.util.Map;

/**
 * Tasks for trying a deployment out: {@code diag.noop} does nothing, {@code diag.sleep} sleeps
 * {@code {"ms": N}} milliseconds, {@code diag.flaky} fails its first {@code {"failures": N}} attempts with a
 * {@link RetryException} and then succeeds, {@code diag.fail} always throws {@link TaskException}.
 * Stateless and thread-safe.
 */
public final class DiagnosticTasks {

    /** The delay {@code diag.flaky} asks for between attempts. */
    public static final Duration FLAKY_RETRY_DELAY = Duration.ofMillis(200);

    @HandlesTask("diag.noop")
    public void noop() {
        // nothing: measures the pipeline alone
    }

    @HandlesTask("diag.sleep")
    public void sleep(Map<String, Object> params) throws InterruptedException {
        Thread.sleep(number(params, "ms", 1000));
    }

    @HandlesTask("diag.flaky")
    public void flaky(Map<String, Object> params, TaskContext context) {
        long failures = number(params, "failures", 1);
        if (context.attempt() <= failures) {
            throw new RetryException("planned failure " + context.attempt() + " of " + failures, FLAKY_RETRY_DELAY);
        }
    }

    @HandlesTask("diag.fail")
    public void fail(Map<String, Object> params) {
        Object message = params.get("message");
        throw new TaskException(message == null ? "planned failure (diag.fail)" : message.toString());
    }

    private static long number(Map<String, Object> params, String key, long fallback) {
        Object value = params.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new TaskException("param " + key + " must be a whole number, was " + value);
        }
    }
}
