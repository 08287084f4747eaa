package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Where an event becomes tasks: fan-out, deterministic ids, volume, events nobody registered, bad events. */
class SchedulerIT extends BrokerTestSupport {

    @Test
    void oneEventFansOutToEveryTaskRegisteredUnderItOnEveryTopic() {
        String shop = topic("shop");
        String loyalty = topic("loyalty");
        Scheduler scheduler = ebats.startScheduler(new EventManager()
                .register("order_paied", "virtualShipping", shop)
                .register("order_paied", "sendSms", shop)
                .register("order_paied", "awardPoints", loyalty, Duration.ofMillis(200))
                .register("order_create", "closeOrder", shop));
        ebats.worker().topic(shop).listener(attempts::add)
                .handle("virtualShipping", (p, ctx) -> { })
                .handle("sendSms", (p, ctx) -> { })
                .handle("closeOrder", (p, ctx) -> { })
                .start();
        ebats.worker().topic(loyalty).listener(attempts::add).handle("awardPoints", (p, ctx) -> { }).start();

        String eventId = ebats.publish(Event.named("order_paied").param("order_id", "FB1"));

        await().atMost(WAIT).until(() -> attempts.size() == 3);
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(a.eventId()).isEqualTo(eventId);
            assertThat(a.params()).isEqualTo("{\"order_id\":\"FB1\"}");
        });
        assertThat(attempts).extracting(a -> a.taskName() + "@" + a.topic()).containsExactlyInAnyOrder(
                "virtualShipping@" + shop, "sendSms@" + shop, "awardPoints@" + loyalty);
        assertThat(attempts).extracting(Attempt::taskId).doesNotHaveDuplicates();
        assertThat(scheduler.dispatchedEvents()).isEqualTo(1);
        assertThat(scheduler.unregisteredEvents()).isZero();
    }

    @Test
    void sameEventIdPublishedTwiceYieldsTheSameDocumentedTaskIds() throws Exception {
        String topic = topic("dedup");
        ebats.startScheduler(new EventManager()
                .register("order_paied", "virtualShipping", topic)
                .register("order_paied", "sendSms", topic));
        ebats.worker().topic(topic).listener(attempts::add)
                .handle("virtualShipping", (p, ctx) -> { })
                .handle("sendSms", (p, ctx) -> { })
                .start();
        String eventId = "order-FB1-paid";

        ebats.publish(Event.named("order_paied").id(eventId).param("order_id", "FB1"));
        ebats.publish(Event.named("order_paied").id(eventId).param("order_id", "FB1"));

        await().atMost(WAIT).until(() -> attempts.size() == 4);
        Map<String, Long> perTaskId = attempts.stream()
                .collect(Collectors.groupingBy(Attempt::taskId, Collectors.counting()));
        assertThat(perTaskId).containsOnlyKeys(taskId(eventId, "virtualShipping", topic), taskId(eventId, "sendSms", topic))
                .containsValues(2L, 2L);
    }

    @Test
    void defaultEventIdsAreUuidV7sAndTheTasksOfLaterEventsSortAfterThoseOfEarlierOnes() throws Exception {
        String topic = topic("ordered");
        ebats.startScheduler(new EventManager().register("order_paied", "virtualShipping", topic));
        ebats.worker().topic(topic).listener(attempts::add).handle("virtualShipping", (p, ctx) -> { }).start();

        Event first = Event.named("order_paied").param("order_id", "FB1");
        ebats.publish(first);
        Thread.sleep(2); // the second event in a later millisecond
        Event second = Event.named("order_paied").param("order_id", "FB2");
        ebats.publish(second);

        await().atMost(WAIT).until(() -> attempts.size() == 2);
        UUID firstId = UUID.fromString(first.id());
        assertThat(firstId.version()).isEqualTo(7);
        assertThat(second.id()).isGreaterThan(first.id());
        String firstTask = taskId(first.id(), "virtualShipping", topic);
        String secondTask = taskId(second.id(), "virtualShipping", topic);
        assertThat(attempts).extracting(Attempt::taskId).containsExactlyInAnyOrder(firstTask, secondTask);
        assertThat(UUID.fromString(firstTask).version()).isEqualTo(8);
        assertThat(firstTask).startsWith(first.id().substring(0, 13)).isLessThan(secondTask);
    }

    @Test
    void eventWithoutMessageIdGetsAnIdDerivedFromItsContentSoRedeliveriesYieldTheSameTasks() throws Exception {
        String topic = topic("anonymous");
        ebats.startScheduler(new EventManager().register("order_paied", "virtualShipping", topic));
        ebats.worker().topic(topic).listener(attempts::add).handle("virtualShipping", (p, ctx) -> { }).start();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).timestamp(new Date(1_700_000_000_000L)).build();
        String body = "{\"order_id\":\"FB2\"}";

        publishRaw(eventsExchange(), "order_paied", props, body);
        publishRaw(eventsExchange(), "order_paied", props, body);

        await().atMost(WAIT).until(() -> attempts.size() == 2);
        byte[] head = ("order_paied\n" + 1_700_000_000_000L + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length()];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body.getBytes(StandardCharsets.UTF_8), 0, all, head.length, body.length());
        String eventId = UUID.nameUUIDFromBytes(all).toString();
        assertThat(attempts).extracting(Attempt::eventId).containsOnly(eventId);
        assertThat(attempts).extracting(Attempt::taskId).containsOnly(taskId(eventId, "virtualShipping", topic));
    }

    @Test
    void aStoppedSchedulerHasAckedEveryEventItDispatched() throws Exception {
        String topic = topic("acked");
        int events = 300;
        Scheduler scheduler = ebats.startScheduler(
                new EventManager().register("order_paied", "virtualShipping", topic));
        ebats.worker().topic(topic).listener(attempts::add).handle("virtualShipping", (p, ctx) -> { }).start();
        List<CompletableFuture<String>> published = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            published.add(ebats.publishAsync(Event.named("order_paied").param("n", i)));
        }
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> scheduler.dispatchedEvents() == events);

        scheduler.close(); // acks held for a later multiple ack are sent before the connection closes

        // an event left unacked would be back in the queue once the scheduler's connection is gone
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> ready(namespace + ".scheduler") == 0);
        await().atMost(WAIT).until(() -> attempts.size() == events);
        assertThat(attempts).extracting(Attempt::taskId).doesNotHaveDuplicates();
    }

    @Test
    void thousandEventsFanOutToThousandTasksWithNoneLost() throws Exception {
        String topic = topic("volume");
        int events = 1000;
        ebats.startScheduler(new EventManager().register("order_paied", "virtualShipping", topic));
        ebats.worker().topic(topic).concurrency(64).listener(attempts::add)
                .handle("virtualShipping", (p, ctx) -> { })
                .start();

        long t0 = System.nanoTime();
        int publishers = 4;
        try (ExecutorService pool = Executors.newFixedThreadPool(publishers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < publishers; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < events; i += publishers) {
                        ebats.publish(Event.named("order_paied").id("volume-" + i).param("n", i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        long published = System.nanoTime();
        await().atMost(Duration.ofSeconds(90)).until(() -> attempts.size() >= events);
        long finished = System.nanoTime();

        Set<String> taskIds = attempts.stream().map(Attempt::taskId).collect(Collectors.toSet());
        assertThat(taskIds).hasSize(events);
        assertThat(attempts).hasSize(events).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED));
        await().atMost(WAIT).until(() -> status(topic).ready() == 0);
        double seconds = (finished - t0) / 1e9;
        System.out.printf("[fan-out] %d events -> %d tasks, all SUCCEEDED: %.2f s end to end (publishing %.2f s), "
                        + "%.0f tasks/s%n", events, taskIds.size(), seconds, (published - t0) / 1e9,
                events / seconds);
    }

    @Test
    void aRegistrationWithAUniqueKeyAndNoKeyStoreIsRefusedAtStartNamingIt() {
        String topic = topic("unique");
        EventManager registry = new EventManager().register("order_paied", "virtualShipping", topic)
                .register(new Registration("order_paied", "ship", topic)
                        .withUnique(UniqueKey.template("order:{order_id}", Duration.ofMinutes(10))));

        assertThatThrownBy(() -> ebats.startScheduler(registry)).isInstanceOf(IllegalStateException.class)
                .hasMessage("registration order_paied -> ship on " + topic + " has unique key order:{order_id}, and"
                        + " the scheduler has no store to hold the keys: start it with"
                        + " scheduler(events).uniqueKeys(historyStore)");
        assertThatThrownBy(() -> ebats.scheduler(registry).uniqueKeys(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void eventWithNoRegistrationIsKeptInTheEventsDeadLetterQueueCountedAndReplayable() throws Exception {
        String topic = topic("nobody");
        EventManager registry = new EventManager().register("order_paied", "virtualShipping", topic);
        Scheduler scheduler = ebats.startScheduler(registry);
        ebats.worker().topic(topic).listener(attempts::add)
                .handle("virtualShipping", (p, ctx) -> { })
                .handle("refund", (p, ctx) -> { })
                .start();

        String eventId = ebats.publish(Event.named("order_refunded").param("order_id", "FB3"));

        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.events()) == 1);
        DeadLetter dead = ebats.deadLetters().list(DeadLetterSource.events(), 10).get(0);
        assertThat(dead.id()).isEqualTo(eventId);
        assertThat(dead.name()).isEqualTo("order_refunded");
        assertThat(dead.reason()).isEqualTo("no-registration");
        assertThat(dead.source()).isEqualTo(DeadLetterSource.events());
        assertThat(dead.body()).isEqualTo("{\"order_id\":\"FB3\"}");
        assertThat(scheduler.unregisteredEvents()).isEqualTo(1);
        assertThat(scheduler.dispatchedEvents()).isZero();
        assertThat(ebats.status(List.of(topic)).unregisteredEvents()).isEqualTo(1);
        assertThat(attempts).isEmpty();

        registry.register("order_refunded", "refund", topic); // registrations added later apply to later events
        assertThat(ebats.deadLetters().replay(DeadLetterSource.events(), eventId)).isTrue();

        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attempts.peek().taskName()).isEqualTo("refund");
        assertThat(attempts.peek().eventId()).isEqualTo(eventId);
        assertThat(attempts.peek().taskId()).isEqualTo(taskId(eventId, "refund", topic));
        assertThat(ebats.deadLetters().count(DeadLetterSource.events())).isZero();
    }

    @Test
    void malformedEventBodyIsDeadLetteredAsMalformedAndTheSchedulerKeepsRunning() throws Exception {
        String topic = topic("bad-event");
        Scheduler scheduler = ebats.startScheduler(new EventManager().register("order_paied", "virtualShipping", topic));
        ebats.worker().topic(topic).listener(attempts::add).handle("virtualShipping", (p, ctx) -> { }).start();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId("bad-1")
                .contentType("application/json").deliveryMode(2).build();

        publishRaw(eventsExchange(), "order_paied", props, "{\"order_id\": FB1");

        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.events()) == 1);
        DeadLetter dead = ebats.deadLetters().list(DeadLetterSource.events(), 10).get(0);
        assertThat(dead.id()).isEqualTo("bad-1");
        assertThat(dead.reason()).isEqualTo("malformed");
        assertThat(dead.errorMessage()).contains("order_paied").contains("not valid JSON");
        assertThat(dead.body()).isEqualTo("{\"order_id\": FB1");
        assertThat(scheduler.unregisteredEvents()).isZero();

        String good = ebats.publish(Event.named("order_paied").param("order_id", "FB1"));
        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attempts.peek().eventId()).isEqualTo(good);
        assertThat(attempts).noneMatch(a -> "bad-1".equals(a.eventId()));
    }

    @Test
    void twoSchedulersSideBySideShareTheWorkWithoutDuplicates() {
        String topic = topic("shared");
        EventManager registry = new EventManager().register("order_paied", "virtualShipping", topic);
        int events = 200;
        try (Ebats second = Ebats.connect(config())) {
            Scheduler one = ebats.scheduler(registry).prefetch(4).start();
            Scheduler two = second.scheduler(registry).prefetch(4).start();
            ebats.worker().topic(topic).listener(attempts::add).handle("virtualShipping", (p, ctx) -> { }).start();

            for (int i = 0; i < events; i++) {
                ebats.publish(Event.named("order_paied").param("n", i));
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> attempts.size() >= events);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> attempts.size() == events);
            assertThat(attempts).extracting(Attempt::taskId).doesNotHaveDuplicates();
            assertThat(attempts).extracting(Attempt::eventId).doesNotHaveDuplicates();
            assertThat(one.dispatchedEvents()).isPositive();
            assertThat(two.dispatchedEvents()).isPositive();
            assertThat(one.dispatchedEvents() + two.dispatchedEvents()).isEqualTo(events);
            System.out.printf("[schedulers] %d events shared %d / %d%n", events, one.dispatchedEvents(),
                    two.dispatchedEvents());
        }
    }

    /**
     * docs/protocol.md 2.3, as other languages compute it: the MD5 of event id, task name and topic as a UUIDv3; for
     * a UUIDv7 event id, its first 6 bytes (the time) over the hash's, and version 8.
     */
    private static String taskId(String eventId, String task, String topic) throws Exception {
        byte[] h = MessageDigest.getInstance("MD5")
                .digest((eventId + "\n" + task + "\n" + topic).getBytes(StandardCharsets.UTF_8));
        int version = 3;
        if (eventId.matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")) {
            byte[] time = HexFormat.of().parseHex(eventId.replace("-", "").substring(0, 12));
            System.arraycopy(time, 0, h, 0, 6);
            version = 8;
        }
        h[6] = (byte) ((h[6] & 0x0f) | version << 4);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        String hex = HexFormat.of().formatHex(h);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
