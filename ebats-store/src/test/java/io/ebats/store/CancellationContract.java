package io.ebats.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ebats.Cancellation;
import io.ebats.Cancellations;
import io.ebats.DeadLetterSource;
import io.ebats.NewTask;
import io.ebats.Outcome;
import io.ebats.RetryPolicy;
import io.ebats.UniqueKey;
import io.ebats.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Cancels end to end: a real broker, workers that read the cancels from the store they record to. */
abstract class CancellationContract extends StoreEndToEnd {

    private final String topic = "cancel";
    private final Set<String> ran = ConcurrentHashMap.newKeySet();
    Cancellations cancellations;

    @Override
    List<String> topics() {
        return List.of(topic);
    }

    @Override
    void open() {
        super.open();
        cancellations = ebats.cancellations(history);
    }

    private Worker.Builder worker() {
        return ebats.worker().topic(topic).listener(history).cancellations(history)
                .handle("work", (p, ctx) -> ran.add(ctx.taskId()));
    }

    private Outcome newestOutcome(String taskId) {
        List<AttemptRecord> records = history.find(HistoryQuery.builder().taskId(taskId).build());
        return records.isEmpty() ? null : records.getFirst().outcome();
    }

    private long attempts(String taskId) {
        return history.count(HistoryQuery.builder().taskId(taskId).build());
    }

    @Test
    void aQueuedTaskCancelledWhileNoWorkerRunsIsAckedAsCancelledWhenAWorkerStartsAndNeverRuns() {
        String cancelled = ebats.tasks().create(NewTask.of(topic, "work", Map.of("n", 1)));
        String kept = ebats.tasks().create(NewTask.of(topic, "work", Map.of("n", 2)));

        Cancellation c = cancellations.cancel(cancelled);
        worker().start();

        assertThat(c).isEqualTo(new Cancellation(cancelled, Cancellation.Result.CANCELLED, null));
        await().atMost(WAIT).until(() -> newestOutcome(cancelled) == Outcome.CANCELLED
                && newestOutcome(kept) == Outcome.SUCCEEDED);
        assertThat(ran).containsExactly(kept);
        assertThat(ebats.deadLetters().count(DeadLetterSource.topic(topic))).isZero();
        assertThat(history.find(HistoryQuery.builder().taskId(cancelled).build()).getFirst().errorMessage())
                .isEqualTo("cancelled before it ran");
    }

    @Test
    void aTaskQueuedBehindABusyWorkerIsCancelledByTheBroadcast() throws Exception {
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        worker().concurrency(1).prefetch(2).handle("block", (p, ctx) -> {
            blocking.countDown();
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        }).start();
        ebats.tasks().create(NewTask.of(topic, "block", Map.of()));
        assertThat(blocking.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String waiting = ebats.tasks().create(NewTask.of(topic, "work", Map.of()));

        assertThat(cancellations.cancel(waiting).result()).isEqualTo(Cancellation.Result.CANCELLED);
        release.countDown();

        await().atMost(WAIT).until(() -> newestOutcome(waiting) == Outcome.CANCELLED);
        assertThat(ran).isEmpty();
    }

    @Test
    void aDelayedTaskCancelledBeforeItIsDueNeverRuns() {
        worker().start();
        String delayed = ebats.tasks().create(NewTask.of(topic, "work", Map.of()).withDelay(Duration.ofSeconds(2)));

        assertThat(cancellations.cancel(delayed).result()).isEqualTo(Cancellation.Result.CANCELLED);

        await().atMost(WAIT).until(() -> newestOutcome(delayed) == Outcome.CANCELLED);
        assertThat(ran).isEmpty();
        assertThat(attempts(delayed)).isEqualTo(1);
    }

    @Test
    void aRunningTaskIsInterruptedReportedCancelledAndNotRetried() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        worker().retryPolicy(new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(100), 1.0, 0.0))
                .handle("long", (p, ctx) -> {
                    running.countDown();
                    try {
                        Thread.sleep(WAIT);
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        throw e;
                    }
                }).start();
        String task = ebats.tasks().create(NewTask.of(topic, "long", Map.of()));
        assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(cancellations.cancel(task).result()).isEqualTo(Cancellation.Result.CANCELLED);

        await().atMost(WAIT).until(() -> newestOutcome(task) == Outcome.CANCELLED);
        assertThat(interrupted).isTrue();
        assertThat(history.find(HistoryQuery.builder().taskId(task).build()).getFirst().errorMessage())
                .isEqualTo("cancelled while it ran: its handler was interrupted");
        Thread.sleep(500); // a retry, were there one, would be due by now
        assertThat(attempts(task)).isEqualTo(1);
    }

    @Test
    void aTaskWaitingForItsRetryIsCancelledWhenTheRetryArrives() {
        worker().retryPolicy(new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(2), 1.0, 0.0))
                .handle("flaky", (p, ctx) -> {
                    throw new IllegalStateException("provider down");
                }).start();
        String task = ebats.tasks().create(NewTask.of(topic, "flaky", Map.of()));
        await().atMost(WAIT).until(() -> newestOutcome(task) == Outcome.RETRYING);

        Cancellation c = cancellations.cancel(task);

        assertThat(c).isEqualTo(new Cancellation(task, Cancellation.Result.CANCELLED, Outcome.RETRYING));
        await().atMost(WAIT).until(() -> newestOutcome(task) == Outcome.CANCELLED);
        assertThat(attempts(task)).isEqualTo(2);
    }

    @Test
    void aCancelOfAFinishedTaskRecordsNothingAndSaysHowItEnded() {
        worker().start();
        String done = ebats.tasks().create(NewTask.of(topic, "work", Map.of()));
        await().atMost(WAIT).until(() -> newestOutcome(done) == Outcome.SUCCEEDED);

        assertThat(cancellations.cancel(done))
                .isEqualTo(new Cancellation(done, Cancellation.Result.FINISHED, Outcome.SUCCEEDED));
        assertThat(history.cancelledIds()).doesNotContain(done);
    }

    @Test
    void aSecondCancelSaysItWasCancelledBeforeAlsoOnceTheCancelIsApplied() {
        String task = ebats.tasks().create(NewTask.of(topic, "work", Map.of()));
        String unknown = "no-such-task-" + UUID.randomUUID();

        assertThat(cancellations.cancel(task).result()).isEqualTo(Cancellation.Result.CANCELLED);
        assertThat(cancellations.cancel(task).result()).isEqualTo(Cancellation.Result.ALREADY_CANCELLED);
        assertThat(cancellations.cancel(unknown)).as("the store cannot tell an unknown task from a queued one")
                .isEqualTo(new Cancellation(unknown, Cancellation.Result.CANCELLED, null));
        worker().start();
        await().atMost(WAIT).until(() -> newestOutcome(task) == Outcome.CANCELLED);
        assertThat(cancellations.cancel(task))
                .isEqualTo(new Cancellation(task, Cancellation.Result.ALREADY_CANCELLED, Outcome.CANCELLED));
    }

    @Test
    void malformedIdsAreOneClearError() {
        assertThatThrownBy(() -> cancellations.cancel(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task id must not be blank");
        assertThatThrownBy(() -> cancellations.cancel("x".repeat(256))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task id is 256 bytes long, over the 255 of an AMQP message id: no task has it");
        assertThatThrownBy(() -> cancellations.cancel("ab\ncd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task id 'ab?cd' holds a control character at index 2: no task has it");
        assertThat(history.cancelledIds()).isEmpty();
    }

    @Test
    void aCancelHoldsThroughARestartOfEveryProcess() {
        String delayed = ebats.tasks().create(NewTask.of(topic, "work", Map.of()).withDelay(Duration.ofSeconds(3)));
        assertThat(cancellations.cancel(delayed).result()).isEqualTo(Cancellation.Result.CANCELLED);
        ebats.close();
        history.close();

        open();
        worker().start();

        await().atMost(WAIT).until(() -> newestOutcome(delayed) == Outcome.CANCELLED);
        assertThat(ran).isEmpty();
    }

    @Test
    void aCancelledTaskFreesItsUniqueKey() {
        UniqueKey key = UniqueKey.of("mail:9", Duration.ofHours(1));
        String first = ebats.uniqueTasks(history).create(NewTask.of(topic, "work", Map.of()), key).id();
        cancellations.cancel(first);
        worker().start();

        await().atMost(WAIT).until(() -> history.uniqueKeyHolder("mail:9") == null);
        assertThat(ebats.uniqueTasks(history).create(NewTask.of(topic, "work", Map.of()), key).created()).isTrue();
    }
}
