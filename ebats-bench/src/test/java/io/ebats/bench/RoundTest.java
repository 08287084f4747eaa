package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a round counts tasks, latency and lateness, without a broker. */
class RoundTest {

    @Test
    void percentilesUseTheNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(Round.percentile(sorted, 50)).isEqualTo(5);
        assertThat(Round.percentile(sorted, 99)).isEqualTo(10);
        assertThat(Round.percentile(new long[0], 99)).isZero();
    }

    @Test
    void theKeysOfARoundSortInPublishingOrderAndCountForTheirMessage() throws InterruptedException {
        Round round = new Round(2, 1_001);
        List<String> keys = IntStream.range(0, 1_001).mapToObj(round::key).toList();

        assertThat(keys).isSorted().doesNotHaveDuplicates();
        assertThat(round.key(1_000)).isEqualTo("2-000001000");
        IntStream.range(0, 1_001).forEach(round::sent);
        keys.forEach(round::done);
        assertThat(round.await(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void aFannedOutMessageIsDoneWithItsLastTaskAndEachTaskCountsOnce() throws InterruptedException {
        Round round = new Round(2, 2, 3);
        round.sent(0);
        round.sent(1);
        round.done(round.key(0), 0);
        round.done(round.key(0), 1);
        round.done(round.key(0), 1);
        round.done(round.key(1), 2);
        round.done(round.key(1), 7);
        round.done("3-0", 2);

        assertThat(round.await(Duration.ofMillis(10))).isFalse();
        Round.Measurement partly = round.measure();
        assertThat(partly.messages()).isEqualTo(6);
        assertThat(partly.done()).isEqualTo(3);
        assertThat(partly.lost()).isEqualTo(3);
        assertThat(partly.duplicates()).isEqualTo(1);

        round.done(round.key(0), 2);
        round.done(round.key(1), 0);
        round.done(round.key(1), 1);
        assertThat(round.await(Duration.ofSeconds(1))).isTrue();
        Round.Measurement all = round.measure();
        assertThat(all.done()).isEqualTo(6);
        assertThat(all.lost()).isZero();
        assertThat(all.throughput()).isEqualTo(6 / all.seconds());
    }

    @Test
    void aDelayedTaskIsLateFromWhenItWasDueNotFromItsPublish() throws InterruptedException {
        Round round = new Round(2, 1);
        round.sent(0, Duration.ofMillis(50).toNanos());
        long published = System.nanoTime();
        while (System.nanoTime() - published < Duration.ofMillis(80).toNanos()) {
            Thread.onSpinWait();
        }
        round.done(round.key(0));

        assertThat(round.await(Duration.ofSeconds(1))).isTrue();
        Round.Measurement m = round.measure();
        assertThat(m.p50Nanos()).isBetween(Duration.ofMillis(29).toNanos(), Duration.ofMillis(1_000).toNanos());
        assertThat(m.seconds()).isGreaterThanOrEqualTo(0.079);
    }

    @Test
    void onlyTheFirstRoundIsTheWarmUp() {
        assertThat(new Round(Round.WARM_UP, 1).warmUp()).isTrue();
        assertThat(new Round(2, 1).warmUp()).isFalse();
    }

    @Test
    void delaysAreDrawnFromTheSeedWithinTheirBounds() {
        long[] delays = DelayWorkload.delays(5_000, DelayWorkload.LONGEST);

        assertThat(delays).containsExactly(DelayWorkload.delays(5_000, DelayWorkload.LONGEST));
        assertThat(Arrays.stream(delays).min().orElseThrow()).isGreaterThanOrEqualTo(100).isLessThan(200);
        assertThat(Arrays.stream(delays).max().orElseThrow()).isLessThanOrEqualTo(10_000)
                .isGreaterThan(9_900);
        assertThat(Arrays.stream(DelayWorkload.delays(100, DelayWorkload.LONGEST_WARM_UP)))
                .allMatch(d -> d >= 100 && d <= 1_000);
    }
}
