package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How handlers are given to a worker and how it runs them: typed params, annotated classes, concurrency. */
class HandlersIT extends BrokerTestSupport {

    record OrderRef(String orderId, int amount) {
    }

    /** The seed's TaskDemoModel: a class whose methods are tasks. */
    public static final class OrderTasks {
        final ConcurrentLinkedQueue<String> done = new ConcurrentLinkedQueue<>();

        @HandlesTask("closeOrder")
        public void close(OrderRef order) {
            done.add("closed " + order.orderId());
        }

        @HandlesTask
        public void virtualShipping(OrderRef order, TaskContext ctx) {
            done.add("shipped " + order.orderId() + " attempt " + ctx.attempt());
        }

        @HandlesTask("ping")
        public void ping() {
            done.add("pong");
        }
    }

    @Test
    void annotatedMethodsAndTypedParamsRunAsHandlersOnSeveralTopics() {
        String shop = topic("shop");
        String ops = topic("ops");
        OrderTasks tasks = new OrderTasks();
        Worker worker = ebats.worker().topic(shop).topic(ops).handlers(tasks).listener(attempts::add).start();

        ebats.tasks().create(shop, "closeOrder", new OrderRef("FB1", 5));
        ebats.tasks().create(shop, "virtualShipping", params("orderId", "FB2", "amount", 7));
        ebats.tasks().create(ops, "ping", null);

        await().atMost(WAIT).until(() -> attempts.size() == 3);
        assertThat(tasks.done).containsExactlyInAnyOrder("closed FB1", "shipped FB2 attempt 1", "pong");
        assertThat(attempts).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED));
        assertThat(worker.topics()).containsExactlyInAnyOrder(shop, ops);
    }

    /** What a proxy exposes of a handler class. */
    public interface Shipper {
        void ship(OrderRef order);
    }

    /** A handler class whose instances are called through a proxy of its interface. */
    public static final class AnnotatedShipper implements Shipper {
        final ConcurrentLinkedQueue<String> done = new ConcurrentLinkedQueue<>();

        @Override
        @HandlesTask("ship")
        public void ship(OrderRef order) {
            done.add("shipped " + order.orderId());
        }
    }

    @Test
    void handlersReadFromAClassAreCalledThroughTheProxyGiven() {
        String shop = topic("shop");
        AnnotatedShipper target = new AnnotatedShipper();
        List<String> calls = new CopyOnWriteArrayList<>();
        Shipper proxy = (Shipper) Proxy.newProxyInstance(Shipper.class.getClassLoader(), new Class<?>[] {Shipper.class},
                (self, method, args) -> {
                    calls.add(method.getName());
                    return method.invoke(target, args);
                });
        assertThatThrownBy(() -> ebats.worker().handlers(proxy)).hasMessageContaining("no public @HandlesTask method");
        assertThatThrownBy(() -> ebats.worker().handlers(new Object(), AnnotatedShipper.class))
                .hasMessageContaining("is not a public method of java.lang.Object");

        ebats.worker().topic(shop).handlers(proxy, AnnotatedShipper.class).listener(attempts::add).start();
        ebats.tasks().create(shop, "ship", new OrderRef("FB1", 5));

        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attempts).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED));
        assertThat(target.done).containsExactly("shipped FB1");
        assertThat(calls).containsExactly("ship");
    }

    @Test
    void paramsThatDoNotFitTheHandlersTypeFailTheTaskAtOnce() {
        String topic = topic("typed");
        ebats.worker().topic(topic).listener(attempts::add)
                .handle("charge", OrderRef.class, (order, ctx) -> { })
                .start();

        String taskId = ebats.tasks().create(topic, "charge", params("orderId", "FB1", "amount", "lots"));

        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attemptsOf(taskId)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(a.message()).contains("params of task charge cannot be read");
        });
        assertThat(ebats.deadLetters().list(DeadLetterSource.topic(topic), 1)).singleElement()
                .extracting(DeadLetter::reason).isEqualTo("task-exception");
    }

    @Test
    void workerRunsAtMostItsConcurrencyOfTasksAtOnce() {
        String topic = topic("parallel");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        ebats.worker().topic(topic).concurrency(3).listener(attempts::add)
                .handle("work", (p, ctx) -> {
                    highest.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(200);
                    } finally {
                        running.decrementAndGet();
                    }
                })
                .start();

        for (int i = 0; i < 12; i++) {
            ebats.tasks().create(topic, "work", params("i", i));
        }

        await().atMost(WAIT).until(() -> attempts.size() == 12);
        assertThat(highest).hasValue(3);
    }

    @Test
    void retryPolicyOfARegistrationTravelsWithItsTasks() {
        String topic = topic("policy");
        RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(50), 1.0, 0.0);
        ebats.startScheduler(new EventManager().register("order_paied", "notify", topic, Duration.ZERO, twice));
        ebats.worker().topic(topic).listener(attempts::add)
                .handle("notify", (p, ctx) -> {
                    throw new IllegalStateException("smtp down");
                })
                .start();

        ebats.publish(Event.named("order_paied"));

        await().atMost(WAIT).until(() -> attempts.size() == 2);
        List<Attempt> all = List.copyOf(attempts);
        assertThat(all).extracting(Attempt::outcome).containsExactly(Outcome.RETRYING, Outcome.DEAD);
        assertThat(all.get(0).nextDelay()).isEqualTo(Duration.ofMillis(50));
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
    }
}
