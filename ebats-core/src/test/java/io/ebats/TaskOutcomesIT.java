package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.internal.execution.HandlerTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 6: what becomes of a task for each way its handler can end. */
class TaskOutcomesIT extends BrokerTestSupport {

    /** The broker counts TTLs in whole milliseconds, per ladder level: a delay may end a few ms early. */
    private static final long TTL_TOLERANCE_MS = 10;
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0);

    @Test
    void handlerThatReturnsSucceedsOnceAndLeavesTheQueueEmpty() {
        String topic = topic("ok");
        ConcurrentLinkedQueue<Map<String, Object>> seen = new ConcurrentLinkedQueue<>();
        ebats.worker().topic(topic).handle("ship", (p, ctx) -> seen.add(p)).listener(attempts::add).start();

        String taskId = ebats.tasks().create(topic, "ship", params("order_id", "FB1"));

        await().atMost(WAIT).until(() -> attempts.size() == 1);
        Attempt attempt = attempts.peek();
        assertThat(attempt.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(attempt.taskId()).isEqualTo(taskId);
        assertThat(attempt.attempt()).isEqualTo(1);
        assertThat(seen).containsExactly(Map.of("order_id", "FB1"));
        TopicStatus status = status(topic);
        assertThat(status.ready()).isZero();
        assertThat(status.dead()).isZero();
        assertThat(status.consumers()).isEqualTo(1);
    }

    @Test
    void retryExceptionWithoutDelayRetriesUnderThePolicyThenSucceedsWithTheSameTaskId() {
        String topic = topic("retry");
        ConcurrentLinkedQueue<String> handlerSaw = new ConcurrentLinkedQueue<>();
        ebats.worker().topic(topic).retryPolicy(FAST).listener(attempts::add)
                .handle("flaky", (p, ctx) -> {
                    handlerSaw.add(ctx.taskId() + "#" + ctx.attempt());
                    if (ctx.attempt() < 3) {
                        throw new RetryException("not yet");
                    }
                })
                .start();

        String taskId = ebats.tasks().create(topic, "flaky", params("n", 1));

        await().atMost(WAIT).until(() -> attempts.size() == 3);
        List<Attempt> all = List.copyOf(attempts);
        assertThat(all).extracting(Attempt::attempt).containsExactly(1, 2, 3);
        assertThat(all).extracting(Attempt::taskId).containsOnly(taskId);
        assertThat(all).extracting(Attempt::outcome)
                .containsExactly(Outcome.RETRYING, Outcome.RETRYING, Outcome.SUCCEEDED);
        assertThat(all).extracting(Attempt::nextDelay)
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), null);
        assertThat(handlerSaw).containsExactly(taskId + "#1", taskId + "#2", taskId + "#3");
        assertThat(status(topic).dead()).isZero();
    }

    @Test
    void retryExceptionWithDelayWaitsAtLeastThatDelayBeforeTheNextAttempt() {
        String topic = topic("retry-delay");
        ebats.worker().topic(topic).retryPolicy(FAST).listener(attempts::add)
                .handle("later", (p, ctx) -> {
                    if (ctx.attempt() == 1) {
                        throw new RetryException("come back later", Duration.ofMillis(700));
                    }
                })
                .start();

        String taskId = ebats.tasks().create(topic, "later", null);

        await().atMost(WAIT).until(() -> attempts.size() == 2);
        List<Attempt> all = attemptsOf(taskId);
        assertThat(all).extracting(Attempt::outcome).containsExactly(Outcome.RETRYING, Outcome.SUCCEEDED);
        assertThat(all.get(0).nextDelay()).isEqualTo(Duration.ofMillis(700));
        assertThat(all.get(0).message()).isEqualTo("RetryException: come back later");
        assertThat(Duration.between(all.get(0).startedAt(), all.get(1).startedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(700 - TTL_TOLERANCE_MS));
    }

    @Test
    void retryExceptionOnTheLastAttemptDeadLettersTheTaskAsAttemptsExhausted() {
        String topic = topic("exhausted");
        ebats.worker().topic(topic).retryPolicy(FAST.withMaxAttempts(3)).listener(attempts::add)
                .handle("never", (p, ctx) -> {
                    throw new RetryException("still not", Duration.ofMillis(50));
                })
                .start();

        String taskId = ebats.tasks().create(topic, "never", params("k", "v"));

        await().atMost(WAIT).until(() -> attempts.size() == 3);
        List<Attempt> all = attemptsOf(taskId);
        assertThat(all).extracting(Attempt::attempt).containsExactly(1, 2, 3);
        assertThat(all).extracting(Attempt::outcome)
                .containsExactly(Outcome.RETRYING, Outcome.RETRYING, Outcome.DEAD);
        List<DeadLetter> dead = ebats.deadLetters().list(DeadLetterSource.topic(topic), 10);
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(taskId);
            assertThat(d.name()).isEqualTo("never");
            assertThat(d.reason()).isEqualTo("attempts-exhausted");
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(d.errorClass()).isEqualTo(RetryException.class.getName());
            assertThat(d.errorMessage()).isEqualTo("still not");
            assertThat(d.body()).isEqualTo("{\"k\":\"v\"}");
        });
        assertThat(status(topic).ready()).isZero();
    }

    @Test
    void otherExceptionIsRetriedWithTheTasksOwnBackoffThenDeadLettered() {
        String topic = topic("crash");
        RetryPolicy taskPolicy = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), 2.0, 0.0);
        // the worker's policy would allow ten quick attempts: the task's own policy must win
        ebats.worker().topic(topic).retryPolicy(new RetryPolicy(10, Duration.ofMillis(5), Duration.ofMillis(5), 1, 0))
                .listener(attempts::add)
                .handle("crashy", (p, ctx) -> {
                    throw new IllegalStateException("database down");
                })
                .start();

        String taskId = ebats.tasks().create(NewTask.of(topic, "crashy", params("id", 7)).withRetryPolicy(taskPolicy));

        await().atMost(WAIT).until(() -> attempts.size() == 3);
        List<Attempt> all = attemptsOf(taskId);
        assertThat(all).extracting(Attempt::outcome)
                .containsExactly(Outcome.RETRYING, Outcome.RETRYING, Outcome.DEAD);
        assertThat(all).extracting(Attempt::nextDelay)
                .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), null);
        assertThat(Duration.between(all.get(0).startedAt(), all.get(1).startedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200 - TTL_TOLERANCE_MS));
        assertThat(Duration.between(all.get(1).startedAt(), all.get(2).startedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(400 - TTL_TOLERANCE_MS));
        assertThat(all).allSatisfy(a -> assertThat(a.error()).isInstanceOf(IllegalStateException.class));
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
        DeadLetter dead = ebats.deadLetters().list(DeadLetterSource.topic(topic), 1).get(0);
        assertThat(dead.reason()).isEqualTo("attempts-exhausted");
        assertThat(dead.errorClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(dead.errorMessage()).isEqualTo("database down");
        assertThat(dead.attempts()).isEqualTo(3);
    }

    @Test
    void taskExceptionFailsAtOnceWithOneAttemptAndTheErrorInTheDeadLetter() {
        String topic = topic("fail");
        ebats.worker().topic(topic).retryPolicy(FAST).listener(attempts::add)
                .handle("doomed", (p, ctx) -> {
                    throw new TaskException("order FB9 does not exist");
                })
                .start();

        String taskId = ebats.tasks().create(topic, "doomed", params("order_id", "FB9"));

        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
        assertThat(attemptsOf(taskId)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.message()).isEqualTo("TaskException: order FB9 does not exist");
        });
        DeadLetter dead = ebats.deadLetters().list(DeadLetterSource.topic(topic), 10).get(0);
        assertThat(dead.id()).isEqualTo(taskId);
        assertThat(dead.source()).isEqualTo(DeadLetterSource.topic(topic));
        assertThat(dead.reason()).isEqualTo("task-exception");
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.errorClass()).isEqualTo(TaskException.class.getName());
        assertThat(dead.errorMessage()).isEqualTo("order FB9 does not exist");
        assertThat(dead.stack()).startsWith("io.ebats.TaskException: order FB9 does not exist")
                .contains("at io.ebats.TaskOutcomesIT");
        assertThat(dead.deadAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(dead.headers())
                .containsEntry("x-ebats-dead-reason", "task-exception")
                .containsEntry("x-ebats-error-class", "io.ebats.TaskException")
                .containsEntry("x-ebats-error-message", "order FB9 does not exist")
                .containsEntry("x-ebats-source-queue", taskQueue(topic))
                .containsEntry("x-ebats-topic", topic)
                .containsKeys("x-ebats-error-stack", "x-ebats-dead-at");
        // no retry sneaks in later
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> attempts.size() == 1);
        assertThat(status(topic).ready()).isZero();
    }

    @Test
    void handlerPastItsTimeoutIsInterruptedAndCountedAsARetryableFailure() throws Exception {
        String topic = topic("slow");
        CountDownLatch interrupted = new CountDownLatch(1);
        ebats.worker().topic(topic).handlerTimeout(Duration.ofMillis(300))
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(50), 1.0, 0.0))
                .listener(attempts::add)
                .handle("sleepy", (p, ctx) -> {
                    if (ctx.attempt() == 1) {
                        try {
                            Thread.sleep(30_000);
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                            throw e;
                        }
                    }
                })
                .start();

        String taskId = ebats.tasks().create(topic, "sleepy", null);

        await().atMost(WAIT).until(() -> attempts.size() == 2);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("handler interrupted").isTrue();
        List<Attempt> all = attemptsOf(taskId);
        assertThat(all).extracting(Attempt::outcome).containsExactly(Outcome.RETRYING, Outcome.SUCCEEDED);
        Attempt timedOut = all.get(0);
        assertThat(timedOut.error()).isInstanceOf(HandlerTimeoutException.class);
        assertThat(timedOut.message()).contains("exceeded its timeout of 300 ms");
        assertThat(timedOut.duration()).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        assertThat(all.get(1).attempt()).isEqualTo(2);
    }

    @Test
    void unknownTaskIsDeadLetteredAndTheWorkerKeepsRunning() {
        String topic = topic("unknown");
        Worker worker = ebats.worker().topic(topic).listener(attempts::add).handle("known", (p, ctx) -> { }).start();

        String unknownId = ebats.tasks().create(topic, "nobodyKnowsMe", params("x", 1));
        await().atMost(WAIT).until(() -> attempts.size() == 1);
        String knownId = ebats.tasks().create(topic, "known", params("x", 2));
        await().atMost(WAIT).until(() -> attempts.size() == 2);

        assertThat(attemptsOf(unknownId)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(Outcome.DEAD);
            assertThat(a.message()).contains("no handler for task nobodyKnowsMe");
        });
        assertThat(attemptsOf(knownId)).singleElement().extracting(Attempt::outcome).isEqualTo(Outcome.SUCCEEDED);
        assertThat(worker.isRunning()).isTrue();
        DeadLetter dead = ebats.deadLetters().list(DeadLetterSource.topic(topic), 10).get(0);
        assertThat(dead.id()).isEqualTo(unknownId);
        assertThat(dead.reason()).isEqualTo("unknown-task");
        assertThat(dead.errorMessage()).contains("nobodyKnowsMe").contains("known");
        assertThat(status(topic).ready()).isZero();
    }

    @Test
    void attemptListenerReceivesEveryFieldOfEveryAttempt() {
        String topic = topic("listener");
        ebats.worker().topic(topic).retryPolicy(FAST).listener(attempts::add)
                .handle("record", (p, ctx) -> {
                    Thread.sleep(50);
                    if (ctx.attempt() == 1) {
                        throw new RetryException("busy", Duration.ofMillis(100));
                    }
                })
                .start();

        String taskId = ebats.tasks().create(topic, "record", params("order_id", "FB1", "amount", 42));

        await().atMost(WAIT).until(() -> attempts.size() == 2);
        List<Attempt> all = List.copyOf(attempts);
        assertThat(all).allSatisfy(a -> {
            assertThat(a.topic()).isEqualTo(topic);
            assertThat(a.taskId()).isEqualTo(taskId);
            assertThat(a.taskName()).isEqualTo("record");
            assertThat(a.params()).isEqualTo("{\"order_id\":\"FB1\",\"amount\":42}");
            assertThat(a.duration()).isBetween(Duration.ofMillis(45), Duration.ofSeconds(5));
            assertThat(a.startedAt()).isNotNull();
            assertThat(a.event()).isEmpty();
        });
        Attempt first = all.get(0);
        Attempt second = all.get(1);
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.outcome()).isEqualTo(Outcome.RETRYING);
        assertThat(first.message()).isEqualTo("RetryException: busy");
        assertThat(first.error()).isInstanceOf(RetryException.class);
        assertThat(first.nextDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(second.message()).isEqualTo("ok");
        assertThat(second.error()).isNull();
        assertThat(second.nextDelay()).isNull();
    }

    @Test
    void attemptOfATaskFromAnEventCarriesTheEventId() {
        String topic = topic("from-event");
        ebats.startScheduler(new EventManager().register("order_paied", "virtualShipping", topic));
        ebats.worker().topic(topic).handle("virtualShipping", (p, ctx) -> { }).listener(attempts::add).start();

        String eventId = ebats.publish(Event.named("order_paied").param("order_id", "FB1"));

        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attempts.peek().event()).contains(eventId);
        assertThat(attempts.peek().eventId()).isEqualTo(eventId);
    }
}
