package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Attempt;
import io.ebats.DeadLetter;
import io.ebats.DeadLetterSource;
import io.ebats.Outcome;
import io.ebats.RetryPolicy;
import io.ebats.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 9: tasks longer than RabbitMQ's {@code consumer_timeout}, on a node of the test's own whose channels
 * check it every second (instead of every minute) and whose timeout is 3 s.
 */
class ConsumerTimeoutIT extends FaultRun {

    private static final int SHORT_TASKS = 200;

    @TempDir
    Path nodes;
    private RabbitNode node;
    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @Override
    void startBroker() throws Exception {
        node = RabbitNode.start("timeout", nodes, List.of("consumer_timeout = 3000"),
                "[{rabbit, [{channel_tick_interval, 1000}]}].");
    }

    @Override
    String brokerUri() {
        return node.uri();
    }

    @Override
    void stopBroker() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void handlerTimeoutBelowTheBrokersEndsAHangingTaskBeforeTheBrokerNotices() throws Exception {
        RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(100), 1.0, 0.0);
        Worker worker = worker(Duration.ofSeconds(2), twice);
        try {
            String hanging = ebats.tasks().create(topic, "long", Map.of("ms", 60_000));
            publishShortTasks();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
            DeadLetter dead = ebats.deadLetters().list(DeadLetterSource.topic(topic), 1).getFirst();
            assertThat(dead.id()).isEqualTo(hanging);
            assertThat(dead.reason()).isEqualTo("attempts-exhausted");
            assertThat(dead.errorMessage()).contains("timeout");
            await().atMost(Duration.ofSeconds(30)).until(() -> shortDone() == SHORT_TASKS);
            assertThat(runs.get(hanging)).hasValue(2);
            // the broker never took a delivery back: no task ran twice
            assertThat(attempts).filteredOn(a -> a.taskName().equals("short")).hasSize(SHORT_TASKS)
                    .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED));
            ebats.deadLetters().purgeAll(DeadLetterSource.topic(topic));
            awaitQueuesEmpty();
            FaultReport.row("9a. a hanging task, handler timeout 2 s below consumer_timeout 3 s", 1 + SHORT_TASKS, 0,
                    0, "interrupted at 2 s, retried once, dead-lettered; the broker never timed out");
        } finally {
            worker.close();
        }
    }

    @Test
    void taskLongerThanTheBrokersTimeoutRunsOnceAndTheWorkerKeepsConsuming() throws Exception {
        Worker worker = worker(Duration.ofMinutes(1), RetryPolicy.DEFAULT); // longer than the broker's: a mistake
        try {
            String slow = ebats.tasks().create(topic, "long", Map.of("ms", 8_000));
            publishShortTasks();
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(90)).until(() -> attempts.stream()
                    .anyMatch(a -> a.taskId().equals(slow) && a.outcome() == Outcome.SKIPPED));
            long settledMillis = (System.nanoTime() - start) / 1_000_000;
            await().atMost(Duration.ofSeconds(30)).until(() -> shortDone() == SHORT_TASKS);
            awaitQueuesEmpty();
            assertThat(runs.get(slow)).as("runs of the slow task").hasValue(1);
            assertThat(ebats.status(List.of(topic)).topics().getFirst().consumers()).isEqualTo(1);
            // still consuming after the broker closed its channel
            String later = ebats.tasks().create(topic, "short", Map.of());
            await().atMost(Duration.ofSeconds(20)).until(() -> runs.containsKey(later));
            long shortRuns = runs.entrySet().stream().filter(e -> !e.getKey().equals(slow))
                    .mapToLong(e -> e.getValue().get()).sum();
            FaultReport.row("9b. a task of 8 s with handler timeout 1 min over consumer_timeout 3 s (misconfigured)",
                    1 + SHORT_TASKS, 0, shortRuns - SHORT_TASKS - 1,
                    "the 8 s task ran once; its redelivered copy settled without running "
                            + settledMillis / 1000 + " s after publishing; the worker subscribed again");
        } finally {
            worker.close();
        }
    }

    private Worker worker(Duration handlerTimeout, RetryPolicy policy) {
        return ebats.worker().topic(topic).concurrency(4).handlerTimeout(handlerTimeout).retryPolicy(policy)
                .listener(attempts::add)
                .handle("long", (params, context) -> {
                    runs.computeIfAbsent(context.taskId(), id -> new AtomicInteger()).incrementAndGet();
                    Thread.sleep(((Number) params.get("ms")).longValue());
                })
                .handle("short", (params, context) ->
                        runs.computeIfAbsent(context.taskId(), id -> new AtomicInteger()).incrementAndGet())
                .start();
    }

    private void publishShortTasks() {
        for (int i = 0; i < SHORT_TASKS; i++) {
            ebats.tasks().create(topic, "short", Map.of("i", i));
        }
    }

    private long shortDone() {
        return attempts.stream().filter(a -> a.taskName().equals("short") && a.outcome() == Outcome.SUCCEEDED)
                .map(Attempt::taskId).distinct().count();
    }
}
