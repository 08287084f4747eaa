package io.ebats.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.Outcome;
import io.ebats.RetryException;
import io.ebats.RetryPolicy;
import io.ebats.TaskException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryDecisionTest {

    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.0);
    private static final Duration LADDER = Duration.ofHours(1);

    @Test
    void taskExceptionFailsAtOnceEvenWithAttemptsLeft() {
        RetryDecision d = RetryDecision.after(new TaskException("no"), 1, POLICY, LADDER);

        assertThat(d).isEqualTo(new RetryDecision(Outcome.FAILED, null, "task-exception"));
    }

    @Test
    void otherErrorsAreRetriedWithThePolicysBackoffUntilTheAttemptsAreUsed() {
        assertThat(RetryDecision.after(new IllegalStateException(), 1, POLICY, LADDER))
                .isEqualTo(new RetryDecision(Outcome.RETRYING, Duration.ofMillis(100), null));
        assertThat(RetryDecision.after(new IllegalStateException(), 2, POLICY, LADDER))
                .isEqualTo(new RetryDecision(Outcome.RETRYING, Duration.ofMillis(200), null));
        assertThat(RetryDecision.after(new IllegalStateException(), 3, POLICY, LADDER))
                .isEqualTo(new RetryDecision(Outcome.DEAD, null, "attempts-exhausted"));
    }

    @Test
    void retryExceptionDelayWinsOverTheBackoffButNotOverTheAttempts() {
        assertThat(RetryDecision.after(new RetryException("x", Duration.ofSeconds(7)), 1, POLICY, LADDER).delay())
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryDecision.after(new RetryException("x"), 2, POLICY, LADDER).delay())
                .isEqualTo(Duration.ofMillis(200));
        assertThat(RetryDecision.after(new RetryException("x", Duration.ZERO), 3, POLICY, LADDER).reason())
                .isEqualTo("attempts-exhausted");
    }

    @Test
    void delayLongerThanTheLadderIsCutToTheLadder() {
        RetryDecision d = RetryDecision.after(new RetryException("x", Duration.ofDays(30)), 1, POLICY, LADDER);

        assertThat(d.delay()).isEqualTo(LADDER);
    }

    @Test
    void timeoutIsRetryable() {
        RetryDecision d = RetryDecision.after(new HandlerTimeoutException("t", Duration.ofSeconds(1)), 1, POLICY, LADDER);

        assertThat(d.outcome()).isEqualTo(Outcome.RETRYING);
    }
}
