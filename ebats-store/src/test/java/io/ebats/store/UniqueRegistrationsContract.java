package io.ebats.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Attempt;
import io.ebats.DeadLetter;
import io.ebats.DeadLetterSource;
import io.ebats.Event;
import io.ebats.EventManager;
import io.ebats.Outcome;
import io.ebats.Registration;
import io.ebats.RetryPolicy;
import io.ebats.Scheduler;
import io.ebats.TaskException;
import io.ebats.UniqueKey;
import io.ebats.UniqueKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Unique keys on registrations end to end: a real broker, a scheduler claiming in the store, a worker recording to
 * it (which releases the keys).
 */
abstract class UniqueRegistrationsContract extends StoreEndToEnd {

    private final String topic = "unique-events";
    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();

    @Override
    List<String> topics() {
        return List.of(topic);
    }

    private Registration unique(String task, String key, Duration window) {
        return new Registration("order_paied", task, topic).withUnique(UniqueKey.template(key, window));
    }

    private List<Attempt> of(String task) {
        return attempts.stream().filter(a -> a.taskName().equals(task)).toList();
    }

    private String paid(int orderId) {
        return ebats.publish(Event.named("order_paied").param("order_id", orderId));
    }

    @Test
    void theSameParamsTwiceCreateOneTaskWhileTheFirstIsQueuedOrRunningAndANewOneAfterTheWindow() throws Exception {
        Duration window = Duration.ofSeconds(2);
        Scheduler scheduler = ebats.scheduler(new EventManager().register(unique("ship", "order:{order_id}", window))
                .register("order_paied", "mail", topic)).uniqueKeys(history).start();
        String first = paid(42);
        paid(42);
        await().atMost(WAIT).until(() -> scheduler.dispatchedEvents() == 2);
        assertThat(scheduler.skippedUniqueTasks()).as("the second ship while the first is queued").isEqualTo(1);
        assertThat(history.uniqueKeyHolder("order:42").state()).isEqualTo("QUEUED");

        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ebats.worker().topic(topic).listener(history).listener(attempts::add).handle("ship", (p, ctx) -> {
            running.countDown();
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        }).handle("mail", (p, ctx) -> { }).start();
        assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        paid(42);
        paid(43);
        await().atMost(WAIT).until(() -> scheduler.dispatchedEvents() == 4);
        assertThat(scheduler.skippedUniqueTasks()).as("and while it runs; order 43 has a key of its own")
                .isEqualTo(2);
        release.countDown();

        await().atMost(WAIT).until(() -> of("ship").size() == 2 && of("mail").size() == 4);
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(state("order:42")));
        Attempt shipped = of("ship").stream().filter(a -> a.params().contains("42")).findFirst().orElseThrow();
        assertThat(shipped.eventId()).as("the first event's task holds the key").isEqualTo(first);
        assertThat(history.uniqueKeyHolder("order:42").taskId()).isEqualTo(shipped.taskId());
        assertThat(of("mail")).as("a registration without unique key is unaffected").hasSize(4)
                .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED));

        Instant expires = history.uniqueKeyHolder("order:42").expiresAt();
        paid(42);
        boolean inWindow = Instant.now().isBefore(expires);
        await().atMost(WAIT).until(() -> scheduler.dispatchedEvents() == 5);
        if (inWindow) { // the event came before the window ended (the window is no speed limit)
            assertThat(scheduler.skippedUniqueTasks()).isEqualTo(3);
        }
        await().atMost(WAIT).until(() -> Instant.now().isAfter(expires));
        String afterWindow = paid(42);
        await().atMost(WAIT).until(() -> of("ship").stream().anyMatch(a -> a.eventId().equals(afterWindow)));
        assertThat(of("ship")).extracting(Attempt::taskId).doesNotHaveDuplicates();
    }

    @Test
    void aDeadOrFailedTaskFreesItsKey() {
        Registration charge = unique("charge", "charge:{order_id}", Duration.ofHours(1));
        Scheduler scheduler = ebats.scheduler(new EventManager().register(new Registration(charge.event(),
                charge.task(), topic, Duration.ZERO, new RetryPolicy(1, Duration.ofMillis(100), Duration.ofMillis(100),
                1.0, 0.0), charge.unique()))).uniqueKeys(history).start();
        AtomicInteger runs = new AtomicInteger();
        ebats.worker().topic(topic).listener(history).listener(attempts::add).handle("charge", (p, ctx) -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("provider down"); // one attempt only: dead
            }
            throw new TaskException("card refused"); // failed
        }).start();

        paid(7);
        await().atMost(WAIT).until(() -> of("charge").size() == 1 && history.uniqueKeyHolder("charge:7") == null);
        paid(7);
        await().atMost(WAIT).until(() -> of("charge").size() == 2 && history.uniqueKeyHolder("charge:7") == null);
        paid(7);
        await().atMost(WAIT).until(() -> of("charge").size() == 3);

        assertThat(of("charge")).extracting(Attempt::outcome)
                .containsExactly(Outcome.DEAD, Outcome.FAILED, Outcome.FAILED);
        assertThat(of("charge")).extracting(Attempt::taskId).doesNotHaveDuplicates();
        assertThat(scheduler.skippedUniqueTasks()).isZero();
    }

    @Test
    void aRedeliveredEventClaimsWithTheSameTaskIdAndIsNotSkipped() {
        Scheduler scheduler = ebats.scheduler(new EventManager()
                .register(unique("ship", "order:{order_id}", Duration.ZERO))).uniqueKeys(history).start();

        ebats.publish(Event.named("order_paied").id("order-9-paid").param("order_id", 9));
        ebats.publish(Event.named("order_paied").id("order-9-paid").param("order_id", 9)); // a copy: same task id
        await().atMost(WAIT).until(() -> scheduler.dispatchedEvents() == 2);
        ebats.worker().topic(topic).listener(history).listener(attempts::add).handle("ship", (p, ctx) -> { }).start();

        assertThat(scheduler.skippedUniqueTasks()).isZero();
        await().atMost(WAIT).until(() -> of("ship").size() == 2);
        assertThat(of("ship")).extracting(Attempt::taskId).containsOnly(of("ship").get(0).taskId());
    }

    @Test
    void whileTheKeyStoreIsDownTheEventReturnsToTheQueueAndNothingOfItIsPublished() {
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger claims = new AtomicInteger();
        UniqueKeys flaky = new UniqueKeys() { // the real store behind a switch that makes it unreachable
            @Override
            public String claim(String key, String taskId, Duration window, Duration pendingTimeout) {
                claims.incrementAndGet();
                if (down.get()) {
                    throw new IllegalStateException("cannot claim unique key " + key + ": connection refused");
                }
                return history.claim(key, taskId, window, pendingTimeout);
            }

            @Override
            public void queued(String key, String taskId) {
                history.queued(key, taskId);
            }

            @Override
            public void abandon(String key, String taskId) {
                history.abandon(key, taskId);
            }
        };
        Scheduler scheduler = ebats.scheduler(new EventManager().register("order_paied", "mail", topic)
                .register(unique("ship", "order:{order_id}", Duration.ZERO))).uniqueKeys(flaky).start();
        ebats.worker().topic(topic).listener(history).listener(attempts::add)
                .handle("ship", (p, ctx) -> { }).handle("mail", (p, ctx) -> { }).start();

        String event = paid(5);
        await().atMost(WAIT).until(() -> claims.get() >= 2); // returned and delivered again
        assertThat(attempts).as("not even the task without a key").isEmpty();
        assertThat(scheduler.dispatchedEvents()).isZero();
        assertThat(ebats.deadLetters().count(DeadLetterSource.events())).isZero();
        down.set(false);

        await().atMost(WAIT).until(() -> of("ship").size() == 1 && of("mail").size() == 1);
        assertThat(attempts).allSatisfy(a -> assertThat(a.eventId()).isEqualTo(event));
        await().atMost(WAIT).until(() -> scheduler.dispatchedEvents() == 1);
    }

    @Test
    void anEventWithoutTheParamOfATemplateIsDeadLetteredAsMalformedAndNothingIsPublished() {
        ebats.scheduler(new EventManager().register("order_paied", "mail", topic)
                .register(unique("ship", "order:{order_id}", Duration.ZERO))).uniqueKeys(history).start();
        ebats.worker().topic(topic).listener(attempts::add)
                .handle("ship", (p, ctx) -> { }).handle("mail", (p, ctx) -> { }).start();

        String event = ebats.publish(Event.named("order_paied").param("orderId", 5));

        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.events()) == 1);
        DeadLetter dead = ebats.deadLetters().list(DeadLetterSource.events(), 10).get(0);
        assertThat(dead.id()).isEqualTo(event);
        assertThat(dead.reason()).isEqualTo("malformed");
        assertThat(dead.errorMessage()).contains("unique key template order:{order_id} names param order_id, which"
                + " task ship of event order_paied does not have");
        assertThat(attempts).isEmpty();
    }

    private String state(String key) {
        UniqueKeyHolder holder = history.uniqueKeyHolder(key);
        return holder == null ? null : holder.state();
    }
}
