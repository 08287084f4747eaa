package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every broker must show, whatever its dialect: one subclass per broker runs all of it.
 * Only the public API and a plain AMQP client are used.
 */
abstract class PipelineContract extends BrokerTestSupport {

    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(200),
            2.0, 0.0);

    /** The dialect this broker must be detected as. */
    abstract BrokerType expectedBrokerType();

    @Test
    void brokerKindIsDetectedFromTheServer() {
        assertThat(ebats.brokerType()).isEqualTo(expectedBrokerType());
    }

    @Test
    void publishedEventRunsItsRegisteredTaskOnce() {
        String topic = topic("demo");
        ebats.startScheduler(new EventManager().register("order_paied", "virtualShipping", topic));
        ebats.worker().topic(topic).handle("virtualShipping", (p, ctx) -> { }).listener(attempts::add).start();

        String eventId = ebats.publish(Event.named("order_paied").param("order_id", "FB1"));

        await().atMost(WAIT).until(() -> attempts.size() == 1);
        Attempt attempt = attempts.peek();
        assertThat(attempt.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(attempt.eventId()).isEqualTo(eventId);
        assertThat(attempt.params()).contains("FB1");
    }

    @Test
    void asyncCreatesAndPublishesKeepManyInFlightAndEachFutureCompletesWithItsId() throws Exception {
        String topic = topic("async");
        ebats.startScheduler(new EventManager().register("async_event", "fromEvent", topic));
        ebats.worker().topic(topic).concurrency(8).handle("direct", (p, ctx) -> { })
                .handle("fromEvent", (p, ctx) -> { }).listener(attempts::add).start();

        List<CompletableFuture<String>> futures = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            NewTask task = NewTask.of(topic, "direct", Map.of("n", i));
            ids.add(task.id());
            futures.add(ebats.tasks().createAsync(task));
        }
        for (int i = 0; i < 100; i++) {
            Event event = Event.named("async_event").param("n", i);
            ids.add(event.id());
            futures.add(ebats.publishAsync(event));
        }
        List<String> confirmed = new ArrayList<>();
        for (var future : futures) {
            confirmed.add(future.get(30, TimeUnit.SECONDS));
        }

        assertThat(confirmed).containsExactlyElementsOf(ids);
        await().atMost(WAIT).until(() -> attempts.size() >= 400);
        assertThat(attempts).allMatch(a -> a.outcome() == Outcome.SUCCEEDED);
        assertThat(attempts.stream().map(a -> a.taskName().equals("direct") ? a.taskId() : a.eventId()))
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void eventFansOutToEveryRegisteredTaskWithIdsStableAcrossRepublishing() {
        String a = topic("a");
        String b = topic("b");
        ebats.startScheduler(new EventManager()
                .register("order_create", "reserve", a)
                .register("order_create", "notify", a)
                .register("order_create", "audit", b));
        ebats.worker().topic(a).topic(b)
                .handle("reserve", (p, ctx) -> { }).handle("notify", (p, ctx) -> { }).handle("audit", (p, ctx) -> { })
                .listener(attempts::add).start();

        ebats.publish(Event.named("order_create").id("evt-1").param("order_id", "FB2"));
        await().atMost(WAIT).until(() -> attempts.size() == 3);
        ebats.publish(Event.named("order_create").id("evt-1").param("order_id", "FB2"));
        await().atMost(WAIT).until(() -> attempts.size() == 6);

        assertThat(attempts).extracting(Attempt::taskName)
                .containsExactlyInAnyOrder("reserve", "notify", "audit", "reserve", "notify", "audit");
        Set<String> ids = attempts.stream().map(Attempt::taskId).collect(Collectors.toSet());
        assertThat(ids).as("the same event id gives the same task ids").hasSize(3);
    }

    @Test
    void delayedTasksRunWhenDueAndInDueOrder() {
        String topic = topic("delay");
        ebats.worker().topic(topic).handle("tick", (p, ctx) -> { }).listener(attempts::add).start();
        long published = System.currentTimeMillis();
        String late = ebats.tasks().create(topic, "tick", Map.of(), Duration.ofMillis(2500));
        String middle = ebats.tasks().create(topic, "tick", Map.of(), Duration.ofMillis(1200));
        String soon = ebats.tasks().create(topic, "tick", Map.of(), Duration.ofMillis(300));

        await().atMost(WAIT).until(() -> attempts.size() == 3);

        assertThat(attempts).extracting(Attempt::taskId).containsExactly(soon, middle, late);
        List<Attempt> runs = List.copyOf(attempts);
        assertThat(runs.get(0).startedAt().toEpochMilli() - published).isGreaterThanOrEqualTo(300);
        assertThat(runs.get(2).startedAt().toEpochMilli() - published).isGreaterThanOrEqualTo(2500);
    }

    @Test
    void flakyTaskSucceedsOnItsThirdAttemptWithTheSameId() {
        String topic = topic("flaky");
        ebats.worker().topic(topic)
                .handle("flaky", (p, ctx) -> {
                    if (ctx.attempt() < 3) {
                        throw new RetryException("not yet", Duration.ofMillis(100));
                    }
                })
                .listener(attempts::add).start();

        String id = ebats.tasks().create(topic, "flaky", Map.of("failures", 2));

        await().atMost(WAIT).until(() -> attempts.size() == 3);
        assertThat(attempts).extracting(Attempt::outcome)
                .containsExactly(Outcome.RETRYING, Outcome.RETRYING, Outcome.SUCCEEDED);
        assertThat(attempts).extracting(Attempt::attempt).containsExactly(1, 2, 3);
        assertThat(attempts).extracting(Attempt::taskId).containsOnly(id);
    }

    @Test
    void taskExceptionIsDeadLetteredWithItsReasonAndReplayRunsItAgain() {
        String topic = topic("fail");
        ebats.worker().topic(topic)
                .handle("charge", (p, ctx) -> {
                    throw new TaskException("card declined");
                })
                .listener(attempts::add).start();

        String id = ebats.tasks().create(topic, "charge", Map.of("amount", 12));
        DeadLetterSource source = DeadLetterSource.topic(topic);
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(source) == 1);

        DeadLetter dead = ebats.deadLetters().list(source, 10).get(0);
        assertThat(dead.id()).isEqualTo(id);
        assertThat(dead.reason()).isEqualTo("task-exception");
        assertThat(dead.errorClass()).isEqualTo(TaskException.class.getName());
        assertThat(dead.errorMessage()).isEqualTo("card declined");
        assertThat(attempts).extracting(Attempt::outcome).containsExactly(Outcome.FAILED);

        assertThat(ebats.deadLetters().replay(source, id)).isTrue();
        await().atMost(WAIT).until(() -> attempts.size() == 2);
        assertThat(attemptsOf(id)).extracting(Attempt::attempt).containsExactly(1, 1);
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(source) == 1);
    }

    @Test
    void exhaustedRetriesEndInTheDeadLetterQueue() {
        String topic = topic("exhaust");
        ebats.worker().topic(topic).retryPolicy(QUICK)
                .handle("smtp", (p, ctx) -> {
                    throw new IllegalStateException("smtp down");
                })
                .listener(attempts::add).start();

        ebats.tasks().create(topic, "smtp", null);

        await().atMost(WAIT).until(() -> attempts.size() == 3);
        assertThat(attempts).extracting(Attempt::outcome)
                .containsExactly(Outcome.RETRYING, Outcome.RETRYING, Outcome.DEAD);
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
        assertThat(ebats.deadLetters().list(DeadLetterSource.topic(topic), 1).get(0).reason())
                .isEqualTo("attempts-exhausted");
    }

    @Test
    void handlerPastItsTimeoutIsInterruptedAndRetried() {
        String topic = topic("timeout");
        ebats.worker().topic(topic).handlerTimeout(Duration.ofMillis(300)).retryPolicy(QUICK)
                .handle("slow", (p, ctx) -> {
                    if (ctx.attempt() == 1) {
                        Thread.sleep(10_000);
                    }
                })
                .listener(attempts::add).start();

        ebats.tasks().create(topic, "slow", null);

        await().atMost(WAIT).until(() -> attempts.size() == 2);
        assertThat(attempts).extracting(Attempt::outcome).containsExactly(Outcome.RETRYING, Outcome.SUCCEEDED);
    }

    @Test
    void unknownTaskAndMalformedMessageAreDeadLetteredAndTheWorkerKeepsRunning() throws Exception {
        String topic = topic("poison");
        ebats.worker().topic(topic).handle("good", (p, ctx) -> { }).listener(attempts::add).start();

        ebats.tasks().create(topic, "nobody-knows-me", null);
        publishRaw(tasksExchange(), topic, taskProperties("raw-1", "good").build(), "not json");
        String good = ebats.tasks().create(topic, "good", null);

        await().atMost(WAIT).until(() -> attemptsOf(good).size() == 1);
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 2);
        assertThat(ebats.deadLetters().list(DeadLetterSource.topic(topic), 10)).extracting(DeadLetter::reason)
                .containsExactlyInAnyOrder("unknown-task", "malformed");
        assertThat(attempts).filteredOn(a -> a.outcome() == Outcome.SUCCEEDED).extracting(Attempt::taskId)
                .containsExactly(good);
    }

    @Test
    void customConsumerTurnsMatchingMessagesIntoTasks() throws Exception {
        String topic = topic("orders");
        String exchange = unique("order_fanout");
        String queue = unique("shzf_order_paied");
        deleteAfterwards(List.of(queue, namespace + ".dead.queue." + queue), exchange);
        ebats.worker().topic(topic).handle("orderAsync", (p, ctx) -> { }).listener(attempts::add).start();
        ebats.consumer().exchange(exchange, ExchangeType.TOPIC).queue(queue, "*.*.WAIT_SELLER_SEND_GOODS")
                .start((key, msg) -> ebats.tasks().create(topic, "orderAsync", msg.json()));

        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json").build();
        publishRawUnrouted(exchange, "shop.pay.WAIT_SELLER_SEND_GOODS", props, "{\"order_id\":\"FB3\"}");
        publishRawUnrouted(exchange, "shop.pay.PAID", props, "{\"order_id\":\"FB4\"}");

        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attempts.peek().params()).contains("FB3");
    }

    @Test
    void eventWithoutRegistrationIsKeptAmongTheDeadLetters() {
        topic("unused");
        Scheduler scheduler = ebats.startScheduler(new EventManager().register("known", "task", topics.get(0)));

        String id = ebats.publish(Event.named("nobody_listens"));

        await().atMost(WAIT).until(() -> scheduler.unregisteredEvents() == 1);
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.events()) == 1);
        DeadLetter dead = ebats.deadLetters().list(DeadLetterSource.events(), 1).get(0);
        assertThat(dead.id()).isEqualTo(id);
        assertThat(dead.reason()).isEqualTo("no-registration");
    }

    @Test
    void runningWorkerIsOnlineWithItsTasksInFlight() throws Exception {
        String topic = topic("presence");
        CountDownLatch release = new CountDownLatch(1);
        Worker worker = ebats.worker().topic(topic).name("busy")
                .handle("block", (p, ctx) -> release.await(20, TimeUnit.SECONDS))
                .start();
        ebats.tasks().create(topic, "block", null);
        await().atMost(WAIT).until(() -> worker.inFlight() == 1);

        await().atMost(WAIT).until(() -> !ebats.workers().isEmpty());
        assertThat(ebats.workers()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("busy");
            assertThat(w.inFlight()).containsEntry(topic, 1);
        });
        release.countDown();
    }

    @Test
    void closingTheWorkerFinishesRunningTasksAndLeavesTheRestQueued() throws Exception {
        String topic = topic("shutdown");
        CountDownLatch started = new CountDownLatch(2);
        ConcurrentLinkedQueue<String> finished = new ConcurrentLinkedQueue<>();
        Worker worker = ebats.worker().topic(topic).concurrency(2).shutdownGrace(Duration.ofSeconds(10))
                .handle("work", (p, ctx) -> {
                    started.countDown();
                    Thread.sleep(800);
                    finished.add(ctx.taskId());
                })
                .start();
        for (int i = 0; i < 5; i++) {
            ebats.tasks().create(topic, "work", Map.of("n", i));
        }
        assertThat(started.await(15, TimeUnit.SECONDS)).isTrue();

        worker.close();

        assertThat(finished).hasSize(2);
        await().atMost(WAIT).until(() -> ebats.status(List.of(topic)).topics().get(0).ready() == 3);
    }
}
