package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Duration S1 = Duration.ofSeconds(1);

    @Test
    void defaultIsFiveAttemptsFromOneSecondDoublingUpToTenMinutesHalfRandom() {
        assertThat(RetryPolicy.DEFAULT).isEqualTo(new RetryPolicy(5, S1, Duration.ofMinutes(10), 2.0, 0.5));
        assertThat(RetryPolicy.maxAttempts(3)).isEqualTo(RetryPolicy.DEFAULT.withMaxAttempts(3));
    }

    @Test
    void attemptsAreBoundedByMaxAttempts() {
        RetryPolicy three = RetryPolicy.maxAttempts(3);

        assertThat(three.allowsAnotherAfter(1)).isTrue();
        assertThat(three.allowsAnotherAfter(2)).isTrue();
        assertThat(three.allowsAnotherAfter(3)).isFalse();
        assertThat(three.allowsAnotherAfter(4)).isFalse();
        assertThat(RetryPolicy.NONE.allowsAnotherAfter(1)).isFalse();
    }

    @Test
    void backoffGrowsByTheMultiplierUpToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), 2.0, 0.0);

        List<Long> delays = new ArrayList<>();
        for (int failed = 1; failed <= 6; failed++) {
            delays.add(policy.backoffAfter(failed).toMillis());
        }

        assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        assertThat(policy.backoffAfter(10_000)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.backoffAfter(0)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void multiplierOfOneKeepsTheBackoffConstant() {
        RetryPolicy constant = new RetryPolicy(5, Duration.ofMillis(300), Duration.ofSeconds(5), 1.0, 0.0);

        assertThat(constant.backoffAfter(1)).isEqualTo(constant.backoffAfter(4)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void jitterTakesARandomPartOffUpToItsFraction() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(1000), Duration.ofMillis(1000), 2.0, 0.5);

        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            samples.add(policy.backoffAfter(1).toMillis());
        }

        assertThat(samples).allSatisfy(ms -> assertThat(ms).isBetween(500L, 1000L));
        assertThat(samples.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(600);
        assertThat(samples.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(900);
    }

    @Test
    void fullJitterRangesFromZeroToTheDelay() {
        RetryPolicy policy = RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(400), Duration.ofMillis(400)).withJitter(1.0);

        for (int i = 0; i < 1_000; i++) {
            assertThat(policy.backoffAfter(3).toMillis()).isBetween(0L, 400L);
        }
    }

    @Test
    void invalidValuesAreRefusedNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> new RetryPolicy(0, S1, S1, 2, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be at least 1, was 0");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(-1), S1, 2, 0.5))
                .hasMessage("initialBackoff must be zero or positive, was PT-1S");
        assertThatThrownBy(() -> new RetryPolicy(3, null, S1, 2, 0.5))
                .hasMessage("initialBackoff must be zero or positive, was null");
        assertThatThrownBy(() -> new RetryPolicy(3, S1, null, 2, 0.5))
                .hasMessage("maxBackoff must be zero or positive, was null");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), S1, 2, 0.5))
                .hasMessage("maxBackoff must be at least initialBackoff (PT2S), was PT1S");
        assertThatThrownBy(() -> new RetryPolicy(3, S1, S1, 0.5, 0.5))
                .hasMessage("multiplier must be at least 1, was 0.5");
        assertThatThrownBy(() -> new RetryPolicy(3, S1, S1, Double.NaN, 0.5))
                .hasMessage("multiplier must be at least 1, was NaN");
        assertThatThrownBy(() -> new RetryPolicy(3, S1, S1, 2, 1.5))
                .hasMessage("jitter must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> new RetryPolicy(3, S1, S1, 2, -0.1))
                .hasMessage("jitter must be between 0 and 1, was -0.1");
        assertThatThrownBy(() -> new RetryPolicy(3, S1, S1, 2, Double.NaN))
                .hasMessage("jitter must be between 0 and 1, was NaN");
    }

    @Test
    void withersChangeOneThingOnly() {
        RetryPolicy p = RetryPolicy.DEFAULT.withMaxAttempts(9).withBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
                .withJitter(0.0);

        assertThat(p).isEqualTo(new RetryPolicy(9, Duration.ofMillis(5), Duration.ofMillis(50), 2.0, 0.0));
    }
}
