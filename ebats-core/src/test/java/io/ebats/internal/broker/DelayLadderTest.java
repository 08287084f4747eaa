package io.ebats.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The binary TTL ladder of DESIGN.md section 4, checked without a broker. */
class DelayLadderTest {

    private static final TopologyNames NAMES = new TopologyNames("ebats");
    private static final DelayLadder LADDER = new DelayLadder(NAMES, 35);

    @Test
    void tenSecondsWith35LevelsIsWrittenInBinaryMostSignificantLevelFirst() {
        // 10,000 ms = 0b10011100010000: 21 leading zero digits, then 14 digits
        String expected = "0.".repeat(21) + "1.0.0.1.1.1.0.0.0.1.0.0.0.0." + "demo";

        assertThat(LADDER.routingKey(Duration.ofSeconds(10), "demo")).isEqualTo(expected);
        assertThat(expected.split("\\.")).hasSize(36);
    }

    @Test
    void smallLadderSpellsFiveMillisecondsAsZeroOneZeroOne() {
        DelayLadder four = new DelayLadder(NAMES, 4);

        assertThat(four.routingKey(Duration.ofMillis(5), "demo")).isEqualTo("0.1.0.1.demo");
        assertThat(four.routingKey(Duration.ZERO, "demo")).isEqualTo("0.0.0.0.demo");
        assertThat(four.routingKey(Duration.ofMillis(15), "demo")).isEqualTo("1.1.1.1.demo");
    }

    @Test
    void oneYearFitsIn35LevelsAndDecodesBackToTheSameDelay() {
        Duration year = Duration.ofDays(365);

        String key = LADDER.routingKey(year, "billing.yearly");

        assertThat(decode(key, 35)).isEqualTo(year.toMillis());
        assertThat(key).endsWith(".billing.yearly");
    }

    @Test
    void longestDelayOf35LevelsIsAbout397DaysAndOneMillisecondMoreIsRefused() {
        assertThat(LADDER.maxDelay()).isEqualTo(Duration.ofMillis(34_359_738_367L));
        assertThat(LADDER.maxDelay().toDays()).isEqualTo(397);
        assertThat(LADDER.routingKey(LADDER.maxDelay(), "t")).isEqualTo("1.".repeat(35) + "t");

        assertThatThrownBy(() -> LADDER.routingKey(LADDER.maxDelay().plusMillis(1), "t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay must be between 0 and 34359738367 ms (35 delay levels), was 34359738368 ms");
        assertThatThrownBy(() -> LADDER.routingKey(Duration.ofDays(400), "t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("35 delay levels");
    }

    @Test
    void negativeDelayIsRefused() {
        assertThatThrownBy(() -> LADDER.routingKey(Duration.ofMillis(-1), "t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was -1 ms");
    }

    @Test
    void bindingsLookAtTheDigitOfTheirOwnLevelOnly() {
        assertThat(LADDER.bindingToQueue(34)).isEqualTo("1.#");
        assertThat(LADDER.bindingToNext(34)).isEqualTo("0.#");
        assertThat(LADDER.bindingToQueue(0)).isEqualTo("*.".repeat(34) + "1.#");
        assertThat(LADDER.bindingToNext(0)).isEqualTo("*.".repeat(34) + "0.#");
        assertThat(LADDER.bindingToQueue(10)).isEqualTo("*.".repeat(24) + "1.#");
        assertThat(LADDER.deliveryBinding("demo")).isEqualTo("*.".repeat(35) + "demo");
    }

    @Test
    void aDelayEntersTheLadderAtTheLevelOfItsHighestOneDigit() {
        assertThat(LADDER.entryExchange(Duration.ofMillis(10_000))).isEqualTo("ebats.delay.13");
        assertThat(LADDER.entryExchange(Duration.ofMillis(8_192))).isEqualTo("ebats.delay.13");
        assertThat(LADDER.entryExchange(Duration.ofMillis(8_191))).isEqualTo("ebats.delay.12");
        assertThat(LADDER.entryExchange(Duration.ofMillis(1))).isEqualTo("ebats.delay.00");
        assertThat(LADDER.entryExchange(Duration.ZERO)).isEqualTo("ebats.delay.00");
        assertThat(LADDER.entryExchange(LADDER.maxDelay())).isEqualTo("ebats.delay.34");
    }

    @Test
    void levelsAreNamedWithTwoDigitsAndEachSendsToTheOneBelow() {
        assertThat(LADDER.below(34)).isEqualTo("ebats.delay.33");
        assertThat(LADDER.below(10)).isEqualTo("ebats.delay.09");
        assertThat(LADDER.below(1)).isEqualTo("ebats.delay.00");
        assertThat(LADDER.below(0)).isEqualTo("ebats.delay.delivery");
        assertThat(NAMES.delayLevel(5)).isEqualTo("ebats.delay.05");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 50, 999, 1000, 10_000, 65_536, 3_600_000, 86_400_000, 31_536_000_000L,
            34_359_738_367L})
    void messageWalkingTheLadderWaitsExactlyItsDelayAndEndsInItsTopicOnly(long millis) {
        Walk walk = walk(LADDER, LADDER.routingKey(Duration.ofMillis(millis), "demo.eu"), 35);

        assertThat(walk.waitedMillis).isEqualTo(millis);
        assertThat(walk.deliveredTo).containsExactly("demo.eu");
    }

    @Test
    void randomDelaysOnASmallLadderAllWalkToTheirExactDelay() {
        DelayLadder ladder = new DelayLadder(NAMES, 22);
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            long millis = random.nextLong(1L << 22);
            Walk walk = walk(ladder, ladder.routingKey(Duration.ofMillis(millis), "t"), 22);
            assertThat(walk.waitedMillis).as("delay %d", millis).isEqualTo(millis);
            assertThat(walk.deliveredTo).containsExactly("t");
        }
    }

    @Test
    void topicsThatShareWordsDoNotReceiveEachOthersDelayedMessages() {
        String key = LADDER.routingKey(Duration.ofMillis(1234), "demo");

        assertThat(matches(LADDER.deliveryBinding("demo"), key)).isTrue();
        assertThat(matches(LADDER.deliveryBinding("eu.demo"), key)).isFalse();
        assertThat(matches(LADDER.deliveryBinding("demo.eu"), key)).isFalse();
        assertThat(matches(LADDER.deliveryBinding("1.demo"), key)).isFalse();
    }

    // --- a model of the broker: topic matching and the path through the ladder ---

    private record Walk(long waitedMillis, List<String> deliveredTo) {
    }

    /** Follows a message from the entry exchange down to the delivery exchange, as RabbitMQ would route it. */
    private static Walk walk(DelayLadder ladder, String key, int levels) {
        long waited = 0;
        for (int level = levels - 1; level >= 0; level--) {
            boolean toQueue = matches(ladder.bindingToQueue(level), key);
            boolean toNext = matches(ladder.bindingToNext(level), key);
            assertThat(toQueue ^ toNext).as("exactly one route at level %d for %s", level, key).isTrue();
            if (toQueue) {
                waited += 1L << level; // the level queue's TTL, then dead-lettered to the level below
            }
        }
        List<String> delivered = new ArrayList<>();
        for (String topic : List.of("demo", "demo.eu", "eu", "t", "billing.yearly")) {
            if (matches(ladder.deliveryBinding(topic), key)) {
                delivered.add(topic);
            }
        }
        return new Walk(waited, delivered);
    }

    private static long decode(String key, int levels) {
        String[] words = key.split("\\.");
        long millis = 0;
        for (int i = 0; i < levels; i++) {
            millis = millis * 2 + Integer.parseInt(words[i]);
        }
        return millis;
    }

    /** AMQP topic matching: '*' is exactly one word, '#' zero or more. */
    static boolean matches(String pattern, String key) {
        return matches(pattern.split("\\."), 0, key.split("\\."), 0);
    }

    private static boolean matches(String[] p, int i, String[] k, int j) {
        if (i == p.length) {
            return j == k.length;
        }
        if (p[i].equals("#")) {
            for (int skip = j; skip <= k.length; skip++) {
                if (matches(p, i + 1, k, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (j == k.length) {
            return false;
        }
        return (p[i].equals("*") || p[i].equals(k[j])) && matches(p, i + 1, k, j + 1);
    }

    @Test
    void topicMatcherOfThisTestBehavesLikeRabbitMq() {
        assertThat(matches("*.1.#", "0.1.0.demo")).isTrue();
        assertThat(matches("*.1.#", "0.0.1.demo")).isFalse();
        assertThat(matches("1.#", "1")).isTrue();
        assertThat(matches("*.*.demo", "0.1.demo")).isTrue();
        assertThat(matches("*.*.demo", "0.1.x.demo")).isFalse();
        assertThat(Arrays.asList("a.b".split("\\."))).containsExactly("a", "b");
    }
}
