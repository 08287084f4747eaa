package io.ebats.cli;

import io.ebats.Attempt;
import io.ebats.AttemptListener;
import io.ebats.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per attempt: outcome, topic, task, id, attempt, duration and message, e.g.
 * {@code SUCCEEDED topic=demo task=virtualShipping id=… attempt=1 took=3ms: ok}. Thread-safe.
 */
final class AttemptLogger implements AttemptListener {

    private static final Logger log = LoggerFactory.getLogger("io.ebats.attempt");
    private static final int MAX_MESSAGE = 300;

    @Override
    public void onAttempt(Attempt attempt) {
        String retry = attempt.outcome() == Outcome.RETRYING && attempt.nextDelay() != null
                ? " retry-in=" + attempt.nextDelay().toMillis() + "ms" : "";
        String line = String.format("%s topic=%s task=%s id=%s attempt=%d took=%dms%s: %s", attempt.outcome(),
                attempt.topic(), attempt.taskName(), attempt.taskId(), attempt.attempt(),
                attempt.duration().toMillis(), retry, message(attempt.message()));
        if (attempt.outcome() == Outcome.FAILED || attempt.outcome() == Outcome.DEAD) {
            log.warn(line);
        } else {
            log.info(line);
        }
    }

    private static String message(String text) {
        String line = ErrorReporter.oneLine(text);
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "..." : line;
    }
}
