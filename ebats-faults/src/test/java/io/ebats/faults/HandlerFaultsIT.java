package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Attempt;
import io.ebats.DeadLetter;
import io.ebats.DeadLetterSource;
import io.ebats.NewTask;
import io.ebats.Outcome;
import io.ebats.RetryPolicy;
import io.ebats.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: handlers that hang, spin without ever looking at their interrupt, or throw an {@link Error}.
 * Good tasks keep flowing meanwhile, the worker stays up, each bad task is retried and then dead-lettered.
 */
class HandlerFaultsIT extends FaultRun {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long SPIN_NANOS = Duration.ofSeconds(6).toNanos();
    private static final int GOOD = 2_000;

    @Test
    void hangingSpinningAndErrorThrowingHandlersDoNotStopTheWorker() throws Exception {
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(100), 1.0, 0.0);
        Worker worker = ebats.worker().topic(topic).concurrency(8).handlerTimeout(TIMEOUT).retryPolicy(twice)
                .listener(attempts::add)
                .handle("ok", (params, context) -> done.add(((Number) params.get("n")).intValue()))
                .handle("hang", (params, context) -> Thread.sleep(Long.MAX_VALUE))
                .handle("spin", (params, context) -> spin())
                .handle("oom", (params, context) -> {
                    throw new OutOfMemoryError("simulated: Java heap space");
                })
                .handle("overflow", (params, context) -> recurse(0))
                .start();
        try {
            List<String> bad = List.of("spin", "spin", "hang", "hang", "oom", "overflow");
            for (String task : bad) {
                ebats.tasks().create(NewTask.of(topic, task, Map.of()));
            }
            long start = System.nanoTime();
            for (int i = 0; i < GOOD; i++) {
                ebats.tasks().create(topic, "ok", Map.of("n", i));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> done.size() == GOOD);
            long goodMillis = (System.nanoTime() - start) / 1_000_000;

            await().atMost(Duration.ofSeconds(60)).until(() ->
                    ebats.deadLetters().count(DeadLetterSource.topic(topic)) == bad.size());
            List<DeadLetter> dead = ebats.deadLetters().list(DeadLetterSource.topic(topic), 20);
            assertThat(dead).extracting(DeadLetter::name).containsExactlyInAnyOrderElementsOf(bad);
            assertThat(dead).allSatisfy(d -> {
                assertThat(d.reason()).isEqualTo("attempts-exhausted");
                assertThat(d.attempts()).isEqualTo(2);
            });
            assertThat(dead).filteredOn(d -> d.name().equals("spin") || d.name().equals("hang"))
                    .allSatisfy(d -> assertThat(d.errorMessage()).contains("timeout"));
            assertThat(dead).filteredOn(d -> d.name().equals("oom"))
                    .singleElement().satisfies(d -> assertThat(d.errorClass()).isEqualTo("java.lang.OutOfMemoryError"));
            assertThat(dead).filteredOn(d -> d.name().equals("overflow"))
                    .singleElement().satisfies(d -> assertThat(d.errorClass()).isEqualTo("java.lang.StackOverflowError"));
            assertThat(attempts).filteredOn(a -> a.outcome() == Outcome.SUCCEEDED).hasSize(GOOD);
            assertThat(worker.isRunning()).isTrue();

            // and it still runs new work afterwards
            ebats.tasks().create(topic, "ok", Map.of("n", GOOD));
            await().atMost(Duration.ofSeconds(20)).until(() -> done.contains(GOOD));
            ebats.deadLetters().purgeAll(DeadLetterSource.topic(topic));
            awaitQueuesEmpty();
            FaultReport.row("7. handlers that hang (2), spin ignoring interrupts (2), throw OutOfMemoryError and "
                    + "StackOverflowError, among good tasks", GOOD + bad.size(), 0, 0,
                    "good tasks done in " + goodMillis + " ms; each bad one retried once, then dead-lettered");
        } finally {
            worker.close();
        }
    }

    /** Burns a CPU for a while and ignores interrupts: no timeout can stop it, only its own end. */
    private static void spin() {
        long end = System.nanoTime() + SPIN_NANOS;
        long x = 0;
        while (System.nanoTime() < end) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    @SuppressWarnings("InfiniteRecursion") // on purpose: the handler that overflows its thread's stack
    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
