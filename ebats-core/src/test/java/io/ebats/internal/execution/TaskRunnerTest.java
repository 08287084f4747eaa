package io.ebats.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.ebats.Attempt;
import io.ebats.Outcome;
import io.ebats.RetryPolicy;
import io.ebats.SucceededTasks;
import io.ebats.TaskException;
import io.ebats.Worker;
import io.ebats.internal.interception.Interception;
import io.ebats.internal.message.Headers;
import io.ebats.internal.message.MalformedMessageException;
import io.ebats.internal.message.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The settlement of deliveries, against a broker in memory ({@link FakeBroker}). */
class TaskRunnerTest {

    private static final String TOPIC = "orders";
    private static final int MAX_MESSAGE_BYTES = 1_000;
    /** Three attempts, 100 ms then 200 ms apart, without jitter. */
    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2,
            0);
    private static final Duration HANDLER_TIMEOUT = Duration.ofMinutes(1);

    private final FakeBroker broker = new FakeBroker();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();
    private final HandlerWatchdog running = new HandlerWatchdog("test", null);
    private final LateOutcomes lateOutcomes = new LateOutcomes();
    private SucceededTasks succeeded;
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private BoundHandler.Invocation work = ctx -> { };
    private TaskRunner runner;

    @AfterEach
    void stopWatchdog() {
        running.close();
    }

    @Test
    void aTaskWhoseHandlerReturnsIsAckedAndReportedAsSucceeded() {
        deliver(1, task(1));

        assertThat(broker.sent).containsExactly("ack 1");
        assertThat(runs).hasValue(1);
        Attempt attempt = onlyAttempt();
        assertThat(attempt.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(attempt.message()).isEqualTo("ok");
        assertThat(attempt).extracting(Attempt::topic, Attempt::taskId, Attempt::taskName, Attempt::params,
                Attempt::attempt).containsExactly(TOPIC, "id-1", "work", "{\"n\":1}", 1);
    }

    @Test
    void aFailedAttemptIsPublishedAgainAsTheNextAttemptAndConfirmedBeforeItsDeliveryIsAcked() {
        handlerThrows(new IllegalStateException("boom"));

        deliver(1, task(1));

        assertThat(broker.sent).containsExactly("task id-1 attempt 2", "ack 1");
        assertThat(broker.delays).containsExactly(Duration.ofMillis(100));
        Attempt attempt = onlyAttempt();
        assertThat(attempt.outcome()).isEqualTo(Outcome.RETRYING);
        assertThat(attempt.message()).isEqualTo("IllegalStateException: boom");
        assertThat(attempt.nextDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(attempt.error()).isInstanceOf(IllegalStateException.class);
    }

    /** A retry (any error) or a dead letter (a {@link TaskException}) that is not confirmed. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {IllegalStateException.class, TaskException.class})
    void aReplacementThatTheBrokerRefusesGivesTheDeliveryBackAndIsNeitherAckedNorReported(
            Class<? extends Exception> failure) throws Exception {
        handlerThrows(failure.getConstructor(String.class).newInstance("boom"));
        broker.refusePublishes();

        deliver(1, task(1));

        assertThat(broker.sent).containsExactly("requeue 1");
        assertThat(attempts).isEmpty();
    }

    @Test
    void aTaskExceptionIsDeadLetteredWithItsErrorAndWhereItCameFromThenAcked() {
        handlerThrows(new TaskException("bad order"));

        deliver(1, task(2));

        assertThat(broker.sent).containsExactly("dead letter task-exception", "ack 1");
        Map<String, Object> headers = broker.deadLetters.getFirst().getHeaders();
        assertThat(headers).containsEntry(Headers.ERROR_CLASS, TaskException.class.getName())
                .containsEntry(Headers.ERROR_MESSAGE, "bad order")
                .containsEntry(Headers.SOURCE_QUEUE, FakeBroker.TASK_QUEUE)
                .containsEntry(Headers.ROUTING_KEY, TOPIC)
                .containsEntry(Headers.ATTEMPTS, 2);
        Attempt attempt = onlyAttempt();
        assertThat(attempt.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(attempt.attempt()).isEqualTo(2);
    }

    @Test
    void theLastAllowedAttemptThatFailsIsDeadLetteredAsAttemptsExhausted() {
        handlerThrows(new IllegalStateException("boom"));

        deliver(1, task(3));

        assertThat(broker.sent).containsExactly("dead letter attempts-exhausted", "ack 1");
        assertThat(onlyAttempt().outcome()).isEqualTo(Outcome.DEAD);
    }

    @Test
    void aMessageTooLargeToDecodeIsDeadLetteredAsMalformedWithAnExcerptOfItsBody() {
        byte[] body = "x".repeat(MAX_MESSAGE_BYTES + 1).getBytes(StandardCharsets.UTF_8);

        deliver(new Envelope(1, false, "", TOPIC), task(1).properties(Duration.ZERO), body);

        assertThat(broker.sent).containsExactly("dead letter malformed", "ack 1");
        assertThat(runs).hasValue(0);
        Attempt attempt = onlyAttempt();
        assertThat(attempt.outcome()).isEqualTo(Outcome.DEAD);
        assertThat(attempt.taskId()).isEqualTo("id-1");
        assertThat(attempt.error()).isInstanceOf(MalformedMessageException.class);
        assertThat(attempt.params()).isEqualTo("x".repeat(500) + "...");
    }

    @Test
    void aTaskWithoutAHandlerHereIsDeadLetteredNamingTheTasksThisWorkerKnows() {
        TaskMessage other = new TaskMessage("id-1", "other", TOPIC, 1, null, null, 0, null, "{}".getBytes(
                StandardCharsets.UTF_8));

        deliver(1, other);

        assertThat(broker.sent).containsExactly("dead letter unknown-task", "ack 1");
        assertThat(onlyAttempt().message()).isEqualTo("no handler for task other on topic orders (this worker knows "
                + "[work])");
    }

    @Test
    void aTaskAtTheRedeliveryLimitIsDeadLetteredWithoutRunning() {
        deliver(new Envelope(1, true, "", TOPIC), redelivered(Worker.Builder.DEFAULT_REDELIVERY_LIMIT), task(2).body());

        assertThat(broker.sent).containsExactly("dead letter redelivery-limit", "ack 1");
        assertThat(runs).hasValue(0);
        Attempt attempt = onlyAttempt();
        assertThat(attempt.outcome()).isEqualTo(Outcome.DEAD);
        assertThat(attempt.message()).startsWith("delivered 20 times without being settled");
        assertThat(attempt.attempt()).isEqualTo(2);
    }

    @Test
    void aTaskBelowTheRedeliveryLimitRuns() {
        deliver(new Envelope(1, true, "", TOPIC), redelivered(Worker.Builder.DEFAULT_REDELIVERY_LIMIT - 1), task(2).body());

        assertThat(broker.sent).containsExactly("ack 1");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aRedeliveryCountOnAFirstDeliveryIsNotCounted() {
        deliver(new Envelope(1, false, "", TOPIC), redelivered(Worker.Builder.DEFAULT_REDELIVERY_LIMIT), task(2).body());

        assertThat(runs).hasValue(1);
    }

    @Test
    void aTaskThatComesBeforeItsDueTimeIsDelayedAgainForTheRestWithoutRunningOrBeingReported() {
        TaskMessage task = task(1);

        deliver(new Envelope(1, false, "", TOPIC), task.properties(Duration.ofSeconds(30)), task.body());

        assertThat(broker.sent).containsExactly("task id-1 attempt 1", "ack 1");
        assertThat(broker.delays.getFirst()).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
        assertThat(runs).hasValue(0);
        assertThat(attempts).isEmpty();
    }

    @Test
    void anEarlyTaskWhoseDelayTheBrokerRefusesGoesBackToTheQueue() {
        TaskMessage task = task(1);
        broker.refusePublishes();

        deliver(new Envelope(1, false, "", TOPIC), task.properties(Duration.ofSeconds(30)), task.body());

        assertThat(broker.sent).containsExactly("requeue 1");
        assertThat(runs).hasValue(0);
    }

    @Test
    void aTaskDueWithinTheToleranceRuns() {
        TaskMessage task = task(1);

        deliver(new Envelope(1, false, "", TOPIC), task.properties(
                Duration.ofMillis(TaskRunner.EARLY_TOLERANCE_MILLIS)), task.body());

        assertThat(broker.sent).containsExactly("ack 1");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aSuccessAfterTheBrokerTookTheDeliveryBackSettlesEveryRedeliveredCopyWithoutRunningIt() {
        work = ctx -> broker.takeBack(1);

        deliver(1, task(1));

        assertThat(broker.sent).isEmpty();
        assertThat(onlyAttempt().message()).isEqualTo("ok (not acknowledged in time)");
        attempts.clear();

        deliver(new Envelope(2, true, "", TOPIC), task(1).properties(Duration.ZERO), task(1).body());
        deliver(new Envelope(3, true, "", TOPIC), task(1).properties(Duration.ZERO), task(1).body());

        assertThat(runs).hasValue(1);
        assertThat(broker.sent).containsExactly("ack 2", "ack 3");
        assertThat(attempts).extracting(Attempt::outcome).containsExactly(Outcome.SKIPPED, Outcome.SKIPPED);
        assertThat(attempts.getFirst().message())
                .isEqualTo("already ran here; the broker had taken its delivery back");
    }

    @Test
    void aFailureAfterTheBrokerTookTheDeliveryBackIsRetriedFromTheRedeliveredCopyWithoutRunningIt() {
        work = ctx -> {
            broker.takeBack(1);
            throw new IllegalStateException("boom");
        };

        deliver(1, task(1));

        assertThat(broker.sent).isEmpty();
        assertThat(attempts).isEmpty();

        deliver(new Envelope(2, true, "", TOPIC), task(1).properties(Duration.ZERO), task(1).body());

        assertThat(runs).hasValue(1);
        assertThat(broker.sent).containsExactly("task id-1 attempt 2", "ack 2");
        Attempt attempt = onlyAttempt();
        assertThat(attempt.outcome()).isEqualTo(Outcome.RETRYING);
        assertThat(attempt.duration()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aHandlerPastItsTimeoutIsInterruptedAndRetriedAtOnceWhileItsLateOutcomeIsIgnored() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        work = ctx -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                release.await(); // overruns: returns only when the test lets it
            }
        };
        AtomicInteger settled = new AtomicInteger();
        Thread handlerThread = Thread.ofPlatform().start(() -> runner().run(broker, new Envelope(1, false, "",
                TOPIC), task(1).properties(Duration.ZERO), task(1).body(), settled::incrementAndGet));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        running.check(System.nanoTime() + HANDLER_TIMEOUT.toNanos() * 2);

        await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);
        assertThat(broker.sent).containsExactly("task id-1 attempt 2", "ack 1");
        Attempt attempt = onlyAttempt();
        assertThat(attempt.outcome()).isEqualTo(Outcome.RETRYING);
        assertThat(attempt.error()).isInstanceOf(HandlerTimeoutException.class);
        assertThat(interrupted).isTrue();
        assertThat(handlerThread.isAlive()).isTrue();

        release.countDown();
        handlerThread.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(handlerThread.isAlive()).isFalse();
        assertThat(settled).hasValue(1);
        assertThat(broker.sent).hasSize(2);
        assertThat(attempts).hasSize(1);
    }

    @Test
    void aCopyWaitingForTheRunningOneGoesBackToTheQueueWhenItsThreadIsInterrupted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        work = ctx -> {
            started.countDown();
            release.await();
        };
        TaskRunner runner = runner();
        Thread first = Thread.ofPlatform().start(() -> runner.run(broker, new Envelope(1, false, "", TOPIC),
                task(1).properties(Duration.ZERO), task(1).body(), () -> { }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicInteger settled = new AtomicInteger();
        Thread copy = Thread.ofPlatform().start(() -> runner.run(broker, new Envelope(2, true, "", TOPIC),
                task(1).properties(Duration.ZERO), task(1).body(), settled::incrementAndGet));
        await().atMost(Duration.ofSeconds(10)).until(() -> copy.getState() == Thread.State.TIMED_WAITING);

        copy.interrupt();
        copy.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(broker.sent).containsExactly("requeue 2");
        assertThat(settled).hasValue(1);
        release.countDown();
        first.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(broker.sent).containsExactly("requeue 2", "ack 1");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aCopyOfATaskThatAlreadySucceededIsAckedAndReportedAsSkippedWithoutRunning() {
        succeeded = taskId -> taskId.equals("id-1");

        deliver(1, task(1));

        assertThat(broker.sent).containsExactly("ack 1");
        assertThat(runs).hasValue(0);
        assertThat(onlyAttempt()).extracting(Attempt::outcome, Attempt::message)
                .containsExactly(Outcome.SKIPPED, "already succeeded");
    }

    @Test
    void aCancelledTaskIsAckedAndReportedAsCancelledWithoutRunningNorBeingDeadLettered() {
        cancelled.add("id-1");

        deliver(1, task(2));

        assertThat(broker.sent).containsExactly("ack 1");
        assertThat(runs).hasValue(0);
        assertThat(onlyAttempt()).extracting(Attempt::outcome, Attempt::message, Attempt::attempt, Attempt::params)
                .containsExactly(Outcome.CANCELLED, "cancelled before it ran", 2, "{\"n\":1}");
    }

    @Test
    void aCancelledTaskThatCannotBeDecodedIsAckedAsCancelledAllTheSame() {
        cancelled.add("id-1");

        deliver(new Envelope(1, false, "", TOPIC), task(1).properties(Duration.ZERO),
                "x".repeat(MAX_MESSAGE_BYTES + 1).getBytes(StandardCharsets.UTF_8));

        assertThat(broker.sent).containsExactly("ack 1");
        assertThat(onlyAttempt().outcome()).isEqualTo(Outcome.CANCELLED);
    }

    @Test
    void aRunningTaskThatIsCancelledHasItsHandlerInterruptedAndIsAckedAsCancelledWithoutARetry() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        work = ctx -> {
            started.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw new IllegalStateException("interrupted", e); // would be retried, were it not cancelled
            }
        };
        AtomicInteger settled = new AtomicInteger();
        Thread handler = Thread.ofPlatform().start(() -> runner().run(broker, new Envelope(1, false, "", TOPIC),
                task(1).properties(Duration.ZERO), task(1).body(), settled::incrementAndGet));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        cancelled.add("id-1");
        assertThat(running.cancel("id-1")).isEqualTo(1);
        handler.join(TimeUnit.SECONDS.toMillis(10));

        await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);
        assertThat(interrupted).isTrue();
        assertThat(broker.sent).containsExactly("ack 1");
        assertThat(onlyAttempt()).extracting(Attempt::outcome, Attempt::message).containsExactly(Outcome.CANCELLED,
                "cancelled while it ran: its handler was interrupted");
        assertThat(running.cancel("id-1")).isZero();
    }

    @Test
    void aCancelHeardAfterTheArrivalButBeforeTheHandlerStartedStopsTheRunBeforeItBegins() {
        succeeded = taskId -> {
            cancelled.add(taskId); // heard while the worker looked the task up, before its run was registered
            return false;
        };

        AtomicInteger settled = new AtomicInteger();
        runner().run(broker, new Envelope(1, false, "", TOPIC), task(1).properties(Duration.ZERO), task(1).body(),
                settled::incrementAndGet);

        await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);
        assertThat(runs).hasValue(0);
        assertThat(broker.sent).containsExactly("ack 1");
        assertThat(onlyAttempt().outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    private void handlerThrows(Exception error) {
        work = ctx -> {
            throw error;
        };
    }

    /** The worker's settings for these tests: one handler, {@code work}, counted in {@link #runs}. */
    private TaskRunner runner() {
        if (runner == null) {
            BoundHandler handler = new BoundHandler("work", ctx -> {
                runs.incrementAndGet();
                work.invoke(ctx);
            }, null);
            WorkerSettings settings = new WorkerSettings("test", Set.of(TOPIC), 1, 1, HANDLER_TIMEOUT,
                    Worker.Builder.DEFAULT_REDELIVERY_LIMIT, Duration.ofSeconds(1), POLICY, List.of(attempts::add), new HashMap<>(Map.of("work", handler)),
                    succeeded, null, null);
            runner = new TaskRunner(settings, TOPIC, broker, MAX_MESSAGE_BYTES, running,
                    new DuplicateGuard(succeeded), lateOutcomes, Interception.NONE, cancelled::contains);
        }
        return runner;
    }

    /** Runs a delivery on this thread and checks that it was settled, or given back, exactly once. */
    private void deliver(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        AtomicInteger settled = new AtomicInteger();
        runner().run(broker, envelope, props, body, settled::incrementAndGet);
        assertThat(settled).hasValue(1);
    }

    private void deliver(long tag, TaskMessage task) {
        deliver(new Envelope(tag, false, "", TOPIC), task.properties(Duration.ZERO), task.body());
    }

    private static TaskMessage task(int attempt) {
        return new TaskMessage("id-1", "work", TOPIC, attempt, null, null, 0, null,
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    }

    /** The properties of attempt 2 of the task, as a quorum queue redelivers it for the {@code count}th time. */
    private static AMQP.BasicProperties redelivered(long count) {
        AMQP.BasicProperties props = task(2).properties(Duration.ZERO);
        Map<String, Object> headers = new HashMap<>(props.getHeaders());
        headers.put("x-delivery-count", count);
        return props.builder().headers(headers).build();
    }

    private Attempt onlyAttempt() {
        assertThat(attempts).hasSize(1);
        return attempts.getFirst();
    }
}
