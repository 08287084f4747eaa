package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Attempt;
import io.ebats.Ebats;
import io.ebats.Event;
import io.ebats.Outcome;
import io.ebats.store.HistorySettings;
import io.ebats.store.HistoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ebats scheduler} with a registration's unique key in {@code ebats.yml}, against the RabbitMQ on 127.0.0.1:
 * it claims the keys in the default SQLite history, which a worker of this test records to.
 */
class UniqueRegistrationsCommandIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final TestBroker broker = new TestBroker();
    private final String topic = "unique-" + UUID.randomUUID().toString().substring(0, 6);
    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private ChildProcess scheduler;
    private HistoryStore history;
    private Ebats ebats;

    @BeforeEach
    void setUp() throws Exception {
        broker.writeConfig(dir, "events:", "  order_paied:",
                "    - { task: ship, topic: " + topic + ", unique: { key: \"order:{order_id}\", for: 1m } }",
                "    - { task: mail, topic: " + topic + " }");
        history = HistoryStore.open(HistorySettings.sqlite(dir.resolve(".ebats").resolve("history"))
                .flushInterval(Duration.ofMillis(50)).build());
        ebats = Ebats.connect(broker.config());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (scheduler != null) {
                scheduler.close();
            }
            ebats.close();
            history.close();
        } finally {
            broker.deleteNamespace(List.of(topic));
        }
    }

    private List<Attempt> ship(String orderId) {
        return attempts.stream().filter(a -> a.taskName().equals("ship") && a.params().contains(orderId)).toList();
    }

    @Test
    void theSchedulerCreatesOneShipPerOrderWhileTheFirstRunsAndMailForEveryEvent() throws Exception {
        scheduler = ChildProcess.start(dir, "scheduler", "--broker", TestBroker.URI);
        scheduler.awaitLine(WAIT, "registered: order_paied -> ship on " + topic + ", unique order:{order_id} for 1m");
        scheduler.awaitLine(WAIT, "scheduler started");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ebats.worker().topic(topic).listener(history).listener(attempts::add).handle("ship", (p, ctx) -> {
            if ("42".equals(p.get("order_id"))) {
                running.countDown();
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }).handle("mail", (p, ctx) -> { }).start();

        String first = ebats.publish(Event.named("order_paied").param("order_id", "42"));
        assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        ebats.publish(Event.named("order_paied").param("order_id", "42"));
        ebats.publish(Event.named("order_paied").param("order_id", "43"));
        await().atMost(WAIT).until(() -> attempts.stream().filter(a -> a.taskName().equals("mail")).count() == 3
                && ship("43").size() == 1);
        release.countDown();

        await().atMost(WAIT).until(() -> ship("42").size() == 1);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> ship("42").size() == 1);
        assertThat(ship("42").get(0).eventId()).isEqualTo(first);
        assertThat(ship("42").get(0).outcome()).isEqualTo(Outcome.SUCCEEDED);
        await().atMost(WAIT).until(() -> history.uniqueKeyHolder("order:42") != null
                && history.uniqueKeyHolder("order:42").state().equals("SUCCEEDED"));
        assertThat(history.uniqueKeyHolder("order:42").taskId()).isEqualTo(ship("42").get(0).taskId());
    }
}
