package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Delayed tasks through the TTL ladder on the real broker (DESIGN.md section 4). */
class DelayLadderIT extends BrokerTestSupport {

    /** Task id to the epoch ms when it was due: publish time plus delay. */
    private final Map<String, Long> dueAt = new ConcurrentHashMap<>();

    @Test
    void shortDelaysRunNoEarlierThanDueAndOnlyALittleLate() {
        String topic = topic("short");
        ebats.worker().topic(topic).handle("tick", (p, ctx) -> { }).listener(attempts::add).start();
        List<Long> delays = List.of(50L, 100L, 250L, 500L, 1000L);

        for (long delay : delays) {
            create(topic, delay);
        }

        await().atMost(WAIT).until(() -> attempts.size() == delays.size());
        List<Long> lateness = lateness();
        assertThat(lateness).allSatisfy(late -> assertThat(late).isBetween(-10L, 1500L));
        report("short delays 50 ms - 1 s", lateness);
    }

    @Test
    void mixedDelaysPublishedInRandomOrderRunInDueTimeOrder() {
        String topic = topic("mixed");
        ebats.worker().topic(topic).handle("tick", (p, ctx) -> { }).listener(attempts::add).start();
        List<Long> delays = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            delays.add(300L * i);
        }
        Collections.shuffle(delays, new Random(7));

        for (long delay : delays) {
            create(topic, delay);
        }

        await().atMost(WAIT).until(() -> attempts.size() == delays.size());
        List<Attempt> byStart = attempts.stream().sorted(Comparator.comparing(Attempt::startedAt)).toList();
        for (int i = 1; i < byStart.size(); i++) {
            long previousDue = dueAt.get(byStart.get(i - 1).taskId());
            long due = dueAt.get(byStart.get(i).taskId());
            assertThat(previousDue).as("task %d ran after one due later", i).isLessThanOrEqualTo(due + 250);
        }
        List<Long> lateness = lateness();
        assertThat(lateness).allSatisfy(late -> assertThat(late).isBetween(-10L, 1500L));
        report("12 mixed delays 0.3 - 3.6 s in random order", lateness);
    }

    @Test
    void shortTaskPublishedAfterALongOneIsNotBlockedBehindIt() {
        String topic = topic("hol");
        ebats.worker().topic(topic).handle("tick", (p, ctx) -> { }).listener(attempts::add).start();

        String longOne = create(topic, 30_000);
        String shortOne = create(topic, 1_000);

        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() == 1);
        assertThat(attempts.peek().taskId()).isEqualTo(shortOne);
        assertThat(attemptsOf(longOne)).isEmpty();
        assertThat(ebats.status(List.of(topic)).delayed()).as("the 30 s task still waits").isEqualTo(1);
        report("1 s task behind a 30 s task", lateness());
    }

    @Test
    void taskDelayedAFewSecondsWaitsInTheLadderThenRuns() {
        String topic = topic("seconds");
        ebats.worker().topic(topic).handle("tick", (p, ctx) -> { }).listener(attempts::add).start();

        String taskId = create(topic, 3_000);

        await().atMost(WAIT).until(() -> ebats.status(List.of(topic)).delayed() == 1);
        assertThat(status(topic).ready()).isZero();
        assertThat(attempts).isEmpty();
        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attempts.peek().taskId()).isEqualTo(taskId);
        assertThat(lateness()).singleElement().satisfies(late -> assertThat(late).isBetween(-10L, 1500L));
        assertThat(ebats.status(List.of(topic)).delayed()).isZero();
        report("3 s delay", lateness());
    }

    @Test
    void delayedTaskCarriesItsDueTimeInAHeader() throws Exception {
        String topic = topic("due");
        long before = System.currentTimeMillis();
        ebats.tasks().create(topic, "tick", null, Duration.ofMillis(200));

        await().atMost(WAIT).until(() -> ready(taskQueue(topic)) == 1);
        try (var ch = rawConnection().createChannel()) {
            var message = ch.basicGet(taskQueue(topic), true);
            long due = ((Number) message.getProps().getHeaders().get("x-ebats-due-at")).longValue();
            assertThat(due).isBetween(before + 200, System.currentTimeMillis() + 200);
        }
    }

    @Test
    void taskThatComesBeforeItsDueTimeIsDelayedAgainAndRunsOnceNoEarlier() throws Exception {
        String topic = topic("early");
        ebats.worker().topic(topic).handle("tick", (p, ctx) -> { }).listener(attempts::add).start();
        long now = System.currentTimeMillis();
        long due = now + 1_500;
        try (var ch = rawConnection().createChannel()) {
            ch.basicPublish("", taskQueue(topic), new AMQP.BasicProperties.Builder()
                    .messageId("early-1").type("tick").contentType("application/json").deliveryMode(2)
                    .headers(Map.of("x-ebats-attempt", 1, "x-ebats-created-at", now, "x-ebats-due-at", due))
                    .build(), "{}".getBytes(StandardCharsets.UTF_8));
        }

        await().atMost(WAIT).until(() -> attempts.size() == 1);
        Attempt attempt = attempts.peek();
        assertThat(attempt.taskId()).isEqualTo("early-1");
        assertThat(attempt.attempt()).isEqualTo(1);
        assertThat(attempt.startedAt().toEpochMilli()).isGreaterThanOrEqualTo(due - 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> attempts.size() == 1);
    }

    @Test
    void delayBeyondTheLadderIsRefusedWithAClearMessageAndNothingIsPublished() {
        String topic = topic("too-far");
        long max = (1L << TEST_DELAY_LEVELS) - 1;

        assertThatThrownBy(() -> ebats.tasks().create(topic, "tick", null, Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay must be between 0 and " + max + " ms (" + TEST_DELAY_LEVELS
                        + " delay levels), was 7200000 ms");

        Status status = ebats.status(List.of(topic));
        assertThat(status.delayed()).isZero();
        assertThat(status.topics().get(0).ready()).isZero();
        assertThat(ebats.config().maxDelay()).isEqualTo(Duration.ofMillis(max));
    }

    @Test
    void schedulerRefusesARegistrationWhoseDelayIsBeyondTheLadder() {
        String topic = topic("too-far");
        EventManager events = new EventManager().register("order_create", "closeOrder", topic, Duration.ofDays(2));

        assertThatThrownBy(() -> ebats.startScheduler(events))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("closeOrder")
                .hasMessageContaining("order_create")
                .hasMessageContaining("longer than the broker's maximum delay");
    }

    private String create(String topic, long delayMillis) {
        long now = System.currentTimeMillis();
        String id = ebats.tasks().create(topic, "tick", params("delay", delayMillis), Duration.ofMillis(delayMillis));
        dueAt.put(id, now + delayMillis);
        return id;
    }

    /** Per attempt: how much later than due it started, in ms. */
    private List<Long> lateness() {
        return attempts.stream().map(a -> a.startedAt().toEpochMilli() - dueAt.get(a.taskId())).sorted().toList();
    }

    private static void report(String what, List<Long> lateness) {
        System.out.printf("[delay ladder] %s: lateness ms min %d, p50 %d, max %d%n", what, lateness.get(0),
                lateness.get(lateness.size() / 2), lateness.get(lateness.size() - 1));
    }
}
