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

/** The binary TTL ladder of DESIGN.md section 4, shared by the namespaces of a virtual host, checked without a broker. */
class DelayLadderTest {

    private static final DelayLadder LADDER = new DelayLadder("ebats.ladder", 35);
    private static final String DEMO = "ebats.task.demo";

    @Test
    void tenSecondsIsWrittenInBinaryIn42DigitsMostSignificantFirstThenTheQueue() {
        // 10,000 ms = 0b10011100010000: 28 leading zero digits, then 14 digits
        String expected = "0.".repeat(28) + "1.0.0.1.1.1.0.0.0.1.0.0.0.0." + DEMO;

        assertThat(LADDER.routingKey(Duration.ofSeconds(10), DEMO)).isEqualTo(expected);
        assertThat(expected.split("\\.")).hasSize(42 + 3);
    }

    @Test
    void theKeysWidthDoesNotDependOnTheLevelsSoLaddersOfFewerLevelsWriteTheSameKey() {
        DelayLadder four = new DelayLadder("ebats.ladder", 4);

        assertThat(four.routingKey(Duration.ofMillis(5), "q")).isEqualTo("0.".repeat(39) + "1.0.1.q");
        assertThat(four.routingKey(Duration.ZERO, "q")).isEqualTo("0.".repeat(42) + "q");
        assertThat(four.routingKey(Duration.ofMillis(15), "q")).isEqualTo(LADDER.routingKey(Duration.ofMillis(15), "q"));
        assertThat(four.bindingToQueue(2)).isEqualTo(LADDER.bindingToQueue(2));
        assertThat(four.exitBinding("q")).isEqualTo(LADDER.exitBinding("q"));
    }

    @Test
    void oneYearFitsIn35LevelsAndDecodesBackToTheSameDelay() {
        Duration year = Duration.ofDays(365);

        String key = LADDER.routingKey(year, "shop.task.billing.yearly");

        assertThat(decode(key)).isEqualTo(year.toMillis());
        assertThat(key).endsWith(".shop.task.billing.yearly");
    }

    @Test
    void longestDelayOf35LevelsIsAbout397DaysAndOneMillisecondMoreIsRefused() {
        assertThat(LADDER.maxDelay()).isEqualTo(Duration.ofMillis(34_359_738_367L));
        assertThat(LADDER.maxDelay().toDays()).isEqualTo(397);
        assertThat(LADDER.routingKey(LADDER.maxDelay(), "t")).isEqualTo("0.".repeat(7) + "1.".repeat(35) + "t");

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
    void aQueueNameThatLeavesNoRoomInTheRoutingKeyIsRefusedWithTheLimit() {
        String longest = "q".repeat(171);

        assertThat(LADDER.routingKey(Duration.ofSeconds(1), longest)).hasSize(255);
        assertThat(LADDER.exitBinding(longest)).hasSize(255);
        assertThatThrownBy(() -> LADDER.exitBinding(longest + "q"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queue " + longest + "q is too long for delayed tasks: its name is 172 bytes")
                .hasMessageContaining("at most 171");
        assertThatThrownBy(() -> LADDER.routingKey(Duration.ZERO, "é".repeat(86)))
                .hasMessageContaining("172 bytes");
    }

    @Test
    void bindingsLookAtTheDigitOfTheirOwnLevelOnly() {
        assertThat(LADDER.bindingToQueue(41)).isEqualTo("1.#");
        assertThat(LADDER.bindingToNext(41)).isEqualTo("0.#");
        assertThat(LADDER.bindingToQueue(0)).isEqualTo("*.".repeat(41) + "1.#");
        assertThat(LADDER.bindingToNext(0)).isEqualTo("*.".repeat(41) + "0.#");
        assertThat(LADDER.bindingToQueue(10)).isEqualTo("*.".repeat(31) + "1.#");
        assertThat(LADDER.exitBinding(DEMO)).isEqualTo("*.".repeat(42) + DEMO);
    }

    @Test
    void aDelayEntersTheLadderAtTheLevelOfItsHighestOneDigit() {
        assertThat(LADDER.entryExchange(Duration.ofMillis(10_000))).isEqualTo("ebats.ladder.13");
        assertThat(LADDER.entryExchange(Duration.ofMillis(8_192))).isEqualTo("ebats.ladder.13");
        assertThat(LADDER.entryExchange(Duration.ofMillis(8_191))).isEqualTo("ebats.ladder.12");
        assertThat(LADDER.entryExchange(Duration.ofMillis(1))).isEqualTo("ebats.ladder.00");
        assertThat(LADDER.entryExchange(Duration.ZERO)).isEqualTo("ebats.ladder.00");
        assertThat(LADDER.entryExchange(LADDER.maxDelay())).isEqualTo("ebats.ladder.34");
    }

    @Test
    void levelsAreNamedWithTwoDigitsAndEachSendsToTheOneBelowAndLevelZeroToTheExit() {
        assertThat(LADDER.below(34)).isEqualTo("ebats.ladder.33");
        assertThat(LADDER.below(10)).isEqualTo("ebats.ladder.09");
        assertThat(LADDER.below(1)).isEqualTo("ebats.ladder.00");
        assertThat(LADDER.below(0)).isEqualTo("ebats.ladder.exit");
        assertThat(LADDER.level(5)).isEqualTo("ebats.ladder.05");
        assertThat(LADDER.undeliverable()).isEqualTo("ebats.ladder.undeliverable");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 50, 999, 1000, 10_000, 65_536, 3_600_000, 86_400_000, 31_536_000_000L,
            34_359_738_367L})
    void messageWalkingTheLadderWaitsExactlyItsDelayAndEndsInItsQueueOnly(long millis) {
        Walk walk = walk(LADDER, Duration.ofMillis(millis), "ebats.task.demo.eu");

        assertThat(walk.waitedMillis).isEqualTo(millis);
        assertThat(walk.deliveredTo).containsExactly("ebats.task.demo.eu");
    }

    @Test
    void randomDelaysOnASmallLadderAllWalkToTheirExactDelay() {
        DelayLadder ladder = new DelayLadder("ebats.ladder", 22);
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            long millis = random.nextLong(1L << 22);
            Walk walk = walk(ladder, Duration.ofMillis(millis), "t");
            assertThat(walk.waitedMillis).as("delay %d", millis).isEqualTo(millis);
            assertThat(walk.deliveredTo).containsExactly("t");
        }
    }

    @Test
    void namespacesAndTopicsThatShareWordsDoNotReceiveEachOthersDelayedMessages() {
        String key = LADDER.routingKey(Duration.ofMillis(1234), "shop.task.eu.mail");

        assertThat(matches(LADDER.exitBinding("shop.task.eu.mail"), key)).isTrue();
        assertThat(matches(LADDER.exitBinding("shop.eu.task.mail"), key)).isFalse(); // namespace shop.eu, topic mail
        assertThat(matches(LADDER.exitBinding("shop.task.eu"), key)).isFalse();
        assertThat(matches(LADDER.exitBinding("task.eu.mail"), key)).isFalse();
        assertThat(matches(LADDER.exitBinding("1.shop.task.eu.mail"), key)).isFalse();
    }

    // --- a model of the broker: topic matching and the path through the ladder ---

    private record Walk(long waitedMillis, List<String> deliveredTo) {
    }

    /**
     * Follows a message from its entry exchange down to the exit, as RabbitMQ would route it, and through the exit
     * to the queues of {@link #QUEUES}.
     */
    private static Walk walk(DelayLadder ladder, Duration delay, String queue) {
        String key = ladder.routingKey(delay, queue);
        String entry = ladder.entryExchange(delay);
        long waited = 0;
        for (int level = Integer.parseInt(entry.substring(entry.length() - 2)); level >= 0; level--) {
            boolean toQueue = matches(ladder.bindingToQueue(level), key);
            boolean toNext = matches(ladder.bindingToNext(level), key);
            assertThat(toQueue ^ toNext).as("exactly one route at level %d for %s", level, key).isTrue();
            if (toQueue) {
                waited += 1L << level; // the level queue's TTL, then dead-lettered to the level below
            }
        }
        List<String> delivered = new ArrayList<>();
        for (String candidate : QUEUES) {
            if (matches(ladder.exitBinding(candidate), key)) {
                delivered.add(candidate);
            }
        }
        return new Walk(waited, delivered);
    }

    private static final List<String> QUEUES = List.of("ebats.task.demo", "ebats.task.demo.eu", "ebats.task.eu", "t",
            "ebats.task.t", "shop.task.billing.yearly");

    private static long decode(String key) {
        String[] words = key.split("\\.");
        long millis = 0;
        for (int i = 0; i < DelayLadder.DIGITS; i++) {
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
