package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Attempt;
import io.ebats.DeadLetterSource;
import io.ebats.Ebats;
import io.ebats.Outcome;
import io.ebats.cli.demo.DemoConsumer;
import io.ebats.cli.demo.DemoPublisher;
import io.ebats.cli.demo.DemoShop;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo of {@code up --demo}, run fast in this JVM against the real broker. */
class DemoIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestBroker broker = new TestBroker();
    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private Ebats ebats;
    private DemoPublisher publisher;

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (publisher != null) {
                publisher.close();
            }
            if (ebats != null) {
                ebats.close();
            }
        } finally {
            broker.deleteNamespace(List.of(DemoShop.TOPIC));
        }
    }

    @Test
    void demoProducesRetriesAndADeadLetterBesidesTheShopsOrders() {
        ebats = Ebats.connect(broker.config());
        DemoShop names = DemoShop.forNamespace(broker.namespace);
        ebats.startScheduler(DemoShop.registry());
        HandlerSet.of(List.of()).applyTo(ebats.worker().topic(DemoShop.TOPIC).listener(attempts::add)).start();
        DemoConsumer.start(ebats, names);

        publisher = DemoPublisher.start(ebats, names, Duration.ofMillis(100));

        await().atMost(WAIT).until(() -> has("diag.fail", Outcome.FAILED, 1));
        await().atMost(WAIT).until(() -> has("diag.flaky", Outcome.SUCCEEDED, 3));
        assertThat(attempts).anyMatch(a -> a.taskName().equals("diag.flaky") && a.outcome() == Outcome.RETRYING);
        assertThat(attempts).anyMatch(a -> a.taskName().equals("virtualShipping"))
                .anyMatch(a -> a.taskName().equals("orderAsync"));
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(DemoShop.TOPIC)) >= 1);
    }

    private boolean has(String task, Outcome outcome, int attempt) {
        return attempts.stream().anyMatch(a -> a.taskName().equals(task) && a.outcome() == outcome
                && a.attempt() == attempt);
    }
}
