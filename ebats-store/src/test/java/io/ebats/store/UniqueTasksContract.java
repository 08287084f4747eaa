package io.ebats.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.NewTask;
import io.ebats.Outcome;
import io.ebats.RetryPolicy;
import io.ebats.TaskException;
import io.ebats.UniqueKey;
import io.ebats.UniqueTasks;
import io.ebats.UniqueTasks.Creation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Unique tasks end to end: a real broker, a worker recording to the store that holds the keys. */
abstract class UniqueTasksContract extends StoreEndToEnd {

    private final String topic = "unique";
    UniqueTasks unique;

    @Override
    List<String> topics() {
        return List.of(topic);
    }

    @Override
    void open() {
        super.open();
        unique = ebats.uniqueTasks(history);
    }

    @Test
    void aSecondCreateWithTheKeyOfAQueuedOrRunningTaskCreatesNothingAndReturnsItsId() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> ran = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        UniqueKey key = UniqueKey.template("order:{order_id}", Duration.ZERO);

        Creation first = unique.create(NewTask.of(topic, "ship", Map.of("order_id", 42)), key);
        Creation queued = unique.create(NewTask.of(topic, "ship", Map.of("order_id", 42)), key);
        ebats.worker().topic(topic).listener(history).handle("ship", (p, ctx) -> {
            runs.incrementAndGet();
            ran.add(ctx.taskId());
            running.countDown();
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        }).start();
        assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Creation whileRunning = unique.create(NewTask.of(topic, "ship", Map.of("order_id", 42)), key);
        Creation other = unique.create(NewTask.of(topic, "ship", Map.of("order_id", 43)), key);
        release.countDown();

        assertThat(first.created()).isTrue();
        assertThat(queued).isEqualTo(new Creation(first.id(), false));
        assertThat(whileRunning).isEqualTo(new Creation(first.id(), false));
        assertThat(other.created()).isTrue();
        await().atMost(WAIT).until(() -> ran.size() == 2);
        await().atMost(WAIT).until(() -> history.uniqueKeyHolder("order:42") != null
                && history.uniqueKeyHolder("order:42").state().equals("SUCCEEDED"));
        assertThat(ran).containsExactlyInAnyOrder(first.id(), other.id());
        assertThat(runs.get()).isEqualTo(2);
        Creation afterSuccess = unique.create(NewTask.of(topic, "ship", Map.of("order_id", 42)), key);
        assertThat(afterSuccess.created()).as("a window of zero frees the key on success").isTrue();
        assertThat(afterSuccess.id()).isNotEqualTo(first.id());
    }

    @Test
    void aRetriedTaskKeepsItsKeyAndOnceDeadLetteredTheKeyIsFree() {
        AtomicInteger attempts = new AtomicInteger();
        ebats.worker().topic(topic).listener(history)
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(200), Duration.ofMillis(200), 1.0, 0.0))
                .handle("charge", (p, ctx) -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("provider down, attempt " + ctx.attempt());
                }).handle("refuse", (p, ctx) -> {
                    throw new TaskException("refused");
                }).start();
        UniqueKey key = UniqueKey.of("charge:7", Duration.ofHours(1));

        Creation first = unique.create(NewTask.of(topic, "charge", Map.of()), key);
        await().atMost(WAIT).until(() -> history.count(HistoryQuery.builder().taskId(first.id())
                .outcome(Outcome.RETRYING).build()) == 1);
        Creation duringRetry = unique.create(NewTask.of(topic, "charge", Map.of()), key);
        await().atMost(WAIT).until(() -> history.uniqueKeyHolder("charge:7") == null);
        Creation afterDeath = unique.create(NewTask.of(topic, "refuse", Map.of()), key);
        await().atMost(WAIT).until(() -> history.uniqueKeyHolder("charge:7") == null);
        Creation afterFailure = unique.create(NewTask.of(topic, "refuse", Map.of()), key);

        assertThat(first.created()).isTrue();
        assertThat(duringRetry).isEqualTo(new Creation(first.id(), false));
        assertThat(history.count(HistoryQuery.builder().taskId(first.id()).outcome(Outcome.DEAD).build()))
                .isEqualTo(1);
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(afterDeath.created()).isTrue();
        assertThat(afterFailure.created()).isTrue();
        assertThat(Set.of(first.id(), afterDeath.id(), afterFailure.id())).hasSize(3);
    }

    @Test
    void aSuccessHoldsTheKeyUntilItsWindowEnds() {
        Duration window = Duration.ofSeconds(2);
        ebats.worker().topic(topic).listener(history).handle("report", (p, ctx) -> { }).start();
        UniqueKey key = UniqueKey.of("report:daily", window);

        Creation first = unique.create(NewTask.of(topic, "report", Map.of()), key);
        await().atMost(WAIT).until(() -> history.uniqueKeyHolder("report:daily") != null
                && history.uniqueKeyHolder("report:daily").state().equals("SUCCEEDED"));
        UniqueKeyHolder held = history.uniqueKeyHolder("report:daily");
        Creation inWindow = unique.create(NewTask.of(topic, "report", Map.of()), key);
        boolean stillInWindow = Instant.now().isBefore(held.expiresAt());

        assertThat(first.created()).isTrue();
        if (stillInWindow) { // the create above ran before the window ended (the window is no speed limit)
            assertThat(inWindow).isEqualTo(new Creation(first.id(), false));
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            Creation c = unique.create(NewTask.of(topic, "report", Map.of()), key);
            return c.created() || !c.id().equals(first.id());
        });
        assertThat(Instant.now()).isAfterOrEqualTo(held.expiresAt());
    }
}
