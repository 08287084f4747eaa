package io.ebats.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Envelope;
import io.ebats.HandlerResult;
import io.ebats.HandlerScope;
import io.ebats.Handling;
import io.ebats.Interceptors;
import io.ebats.Outcome;
import io.ebats.RetryException;
import io.ebats.RetryPolicy;
import io.ebats.TaskException;
import io.ebats.Worker;
import io.ebats.internal.interception.Interception;
import io.ebats.internal.message.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Handler interceptors around the runs of a {@link TaskRunner}, against a broker in memory. */
class TaskRunnerInterceptionTest {

    private static final String TOPIC = "orders";
    private static final RetryPolicy POLICY = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0);
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private final FakeBroker broker = new FakeBroker();
    private final HandlerWatchdog watchdog = new HandlerWatchdog("test", null);
    private final List<Handling> begun = new CopyOnWriteArrayList<>();
    private final List<HandlerResult> ended = new CopyOnWriteArrayList<>();
    private final List<String> sentWhenEnded = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> scopeSeenByHandler = new AtomicReference<>();
    private final AtomicReference<Map<String, String>> headersSeenByHandler = new AtomicReference<>();
    private BoundHandler.Invocation work = ctx -> { };

    @AfterEach
    void stopWatchdog() {
        watchdog.close();
    }

    @Test
    void theHandlerRunsInTheInterceptorsScopeWhichSeesTheTaskAndEndsSucceededAfterTheAck() {
        runTask(1, Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

        assertThat(begun).singleElement().satisfies(handling -> {
            assertThat(handling.kind()).isEqualTo(Handling.Kind.TASK);
            assertThat(handling).extracting(Handling::queue, Handling::name, Handling::id, Handling::topic,
                            Handling::attempt, Handling::eventName, Handling::eventId)
                    .containsExactly(FakeBroker.TASK_QUEUE, "work", "id-1", TOPIC, 1, "order_paied", "event-1");
            assertThat(handling.headers()).containsExactly(
                    Map.entry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        });
        assertThat(scopeSeenByHandler).hasValue("scope of id-1");
        assertThat(headersSeenByHandler.get()).containsOnlyKeys("traceparent");
        assertThat(ended).singleElement().isEqualTo(new HandlerResult(Outcome.SUCCEEDED, null, false));
        assertThat(sentWhenEnded).containsExactly("ack 1");
    }

    @Test
    void aRetryIsPublishedWithinTheScopeWhichEndsRetryingWithTheError() {
        RetryException retry = new RetryException("later");
        work = ctx -> {
            throw retry;
        };

        runTask(1, Map.of());

        assertThat(ended).singleElement().isEqualTo(new HandlerResult(Outcome.RETRYING, retry, false));
        assertThat(sentWhenEnded).containsExactly("task id-1 attempt 2", "ack 1");
        assertThat(ended.getFirst().isError()).isTrue();
    }

    @Test
    void aTaskExceptionEndsFailedAndTheLastAttemptDead() {
        TaskException fatal = new TaskException("no such order");
        work = ctx -> {
            throw fatal;
        };
        runTask(1, Map.of());
        work = ctx -> {
            throw new IllegalStateException("still broken");
        };
        runTask(2, Map.of());

        assertThat(ended).extracting(HandlerResult::outcome).containsExactly(Outcome.FAILED, Outcome.DEAD);
        assertThat(broker.sent).containsExactly("dead letter task-exception", "ack 1",
                "dead letter attempts-exhausted", "ack 1");
    }

    @Test
    void aRetryThatIsNotConfirmedEndsWithNoOutcome() {
        work = ctx -> {
            throw new IllegalStateException("boom");
        };
        broker.refusePublishes();

        runTask(1, Map.of());

        assertThat(broker.sent).containsExactly("requeue 1");
        assertThat(ended).singleElement().satisfies(result -> {
            assertThat(result.outcome()).isNull();
            assertThat(result.isError()).isTrue();
        });
    }

    @Test
    void withoutInterceptorsAHandlerStillSeesTheTasksHeadersOfOtherPartiesOnly() {
        TaskRunner runner = runner(Interception.NONE);
        TaskMessage task = task(1, Map.of("traceparent", "00-a-b-01", "x-ebats-schedule", "nightly"));

        runner.run(broker, new Envelope(1, false, "", TOPIC), task.properties(Duration.ZERO), task.body(), () -> { });

        assertThat(headersSeenByHandler.get()).containsExactly(Map.entry("traceparent", "00-a-b-01"));
        assertThat(begun).isEmpty();
    }

    @Test
    void aScopeThatNeverRunsTheHandlerCannotLeaveTheDeliveryUnsettled() {
        TaskRunner runner = runner(new Interception(Interceptors.builder().handler(handling -> new HandlerScope() {
            @Override
            public void run(Runnable work) {
                throw new IllegalStateException("broken scope");
            }

            @Override
            public void end(HandlerResult result) {
                ended.add(result);
            }
        }).build()));
        TaskMessage task = task(1, Map.of());

        runner.run(broker, new Envelope(1, false, "", TOPIC), task.properties(Duration.ZERO), task.body(), () -> { });

        assertThat(broker.sent).containsExactly("ack 1");
        assertThat(ended).isEmpty();
    }

    private void runTask(int attempt, Map<String, Object> headers) {
        TaskRunner runner = runner(new Interception(Interceptors.builder().handler(this::begin).build()));
        TaskMessage task = task(attempt, headers);
        runner.run(broker, new Envelope(1, false, "", TOPIC), task.properties(Duration.ZERO), task.body(), () -> { });
    }

    private HandlerScope begin(Handling handling) {
        begun.add(handling);
        return new HandlerScope() {
            @Override
            public void run(Runnable body) {
                CURRENT.set("scope of " + handling.id());
                try {
                    body.run();
                } finally {
                    CURRENT.remove();
                }
            }

            @Override
            public void end(HandlerResult result) {
                sentWhenEnded.addAll(broker.sent);
                ended.add(result);
            }
        };
    }

    private TaskRunner runner(Interception interception) {
        BoundHandler handler = new BoundHandler("work", ctx -> {
            scopeSeenByHandler.set(CURRENT.get());
            headersSeenByHandler.set(ctx.headers());
            work.invoke(ctx);
        }, null);
        WorkerSettings settings = new WorkerSettings("test", Set.of(TOPIC), 1, 1, Duration.ofMinutes(1),
                Worker.Builder.DEFAULT_REDELIVERY_LIMIT, Duration.ofSeconds(1), POLICY, List.of(),
                Map.of("work", handler), null, null, null);
        return new TaskRunner(settings, TOPIC, broker, 1_000, watchdog, new DuplicateGuard(null), new LateOutcomes(),
                interception);
    }

    private static TaskMessage task(int attempt, Map<String, Object> headers) {
        return new TaskMessage("id-1", "work", TOPIC, attempt, "event-1", "order_paied", 0, null,
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8), headers);
    }
}
