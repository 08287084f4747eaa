package io.ebats.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Attempt;
import io.ebats.DeadLetterSource;
import io.ebats.Ebats;
import io.ebats.Event;
import io.ebats.EventManager;
import io.ebats.Outcome;
import io.ebats.test.EbatsExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How to test handlers: a real (embedded) broker, the real scheduler and worker, no mocks. */
@ExtendWith(EbatsExtension.class)
class OrderTasksTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();

    @Test
    void paidOrderIsShippedAfterTheWarehouseWasBusyOnce(Ebats ebats) {
        Orders orders = new Orders(1);
        orders.create("FB1");
        orders.pay("FB1");
        ebats.startScheduler(new EventManager().register("order_paied", "virtualShipping", "demo"));
        ebats.worker().topic("demo").handlers(new OrderTasks(orders)).listener(attempts::add).start();

        ebats.publish(Event.named("order_paied").param("order_id", "FB1"));

        await().atMost(WAIT).until(() -> orders.status("FB1") == Orders.Status.SHIPPED);
        assertThat(attempts).extracting(Attempt::outcome).containsExactly(Outcome.RETRYING, Outcome.SUCCEEDED);
    }

    @Test
    void unpaidOrderIsClosedWhenItsDelayedTaskIsDue(Ebats ebats) {
        Orders orders = new Orders(0);
        orders.create("FB2");
        ebats.startScheduler(new EventManager()
                .register("order_create", "closeOrder", "demo", Duration.ofMillis(500)));
        ebats.worker().topic("demo").handlers(new OrderTasks(orders)).listener(attempts::add).start();

        ebats.publish(Event.named("order_create").param("order_id", "FB2"));

        assertThat(orders.status("FB2")).isEqualTo(Orders.Status.UNPAID);
        await().atMost(WAIT).until(() -> orders.status("FB2") == Orders.Status.CLOSED);
    }

    @Test
    void shippingAnUnknownOrderIsADeadLetter(Ebats ebats) {
        ebats.worker().topic("demo").handlers(new OrderTasks(new Orders(0))).listener(attempts::add).start();

        ebats.tasks().create("demo", "virtualShipping", Map.of("order_id", "nope"));

        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic("demo")) == 1);
        assertThat(ebats.deadLetters().list(DeadLetterSource.topic("demo"), 1).get(0).errorMessage())
                .isEqualTo("no order nope");
    }
}
