package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.ebats.DeadLetter;
import io.ebats.DeadLetterSource;
import io.ebats.EbatsConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: poison input between the good tasks of a run. Every bad message ends in the dead-letter queue
 * with its reason, the worker keeps running, and the good tasks' throughput is measured against a clean half
 * of the same run.
 */
class PoisonInputIT extends FaultRun {

    private static final int COPIES = 100;
    private final Random random = new Random(42);

    /** One kind of bad message: what is wrong with it, and the reason it must be dead-lettered with. */
    private record Poison(String what, String reason, Consumer<AMQP.BasicProperties.Builder> props, byte[] body) {
    }

    private List<Poison> poisons() {
        byte[] randomBytes = new byte[64];
        random.nextBytes(randomBytes);
        byte[] oversized = ("{\"n\":1,\"pad\":\"" + "x".repeat(EbatsConfig.DEFAULT_MAX_MESSAGE_BYTES) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return List.of(
                new Poison("random bytes", "malformed", p -> { }, randomBytes),
                new Poison("wrong content type", "malformed", p -> p.contentType("application/xml"), json("{\"n\":1}")),
                new Poison("invalid JSON", "malformed", p -> { }, json("{\"n\":")),
                new Poison("JSON of the wrong shape", "task-exception", p -> { }, json("{\"n\":\"one\"}")),
                new Poison("missing message id", "malformed", p -> p.messageId(null), json("{\"n\":1}")),
                new Poison("missing task name", "malformed", p -> p.type(null), json("{\"n\":1}")),
                new Poison("unknown task name", "unknown-task", p -> p.type("no.such.task"), json("{\"n\":1}")),
                new Poison("oversized message", "malformed", p -> { }, oversized),
                new Poison("negative due time", "malformed", p -> p.headers(Map.of("x-ebats-due-at", -1L)),
                        json("{\"n\":1}")),
                new Poison("absurd due time", "malformed", p -> p.headers(Map.of("x-ebats-due-at", Long.MAX_VALUE)),
                        json("{\"n\":1}")));
    }

    @Test
    void everyBadMessageIsDeadLetteredWithItsReasonAndGoodTasksFlowOn() throws Exception {
        int half = RUN / 2;
        startWorker("declare", 1, 0).terminate(Duration.ofSeconds(30)); // the queue exists from here on

        publishRange(0, half);
        double cleanRate = timedRun("clean", 0, half);

        List<Poison> poisons = poisons();
        try (Connection raw = rawConnection(); Channel channel = raw.createChannel()) {
            channel.confirmSelect();
            int perPoison = half / (poisons.size() * COPIES);
            for (int i = 0; i < half; i++) {
                ebats.tasks().create(topic, FaultWorkerMain.TASK, Map.of("n", half + i));
                if (i % perPoison == 0 && i / perPoison < poisons.size() * COPIES) {
                    Poison poison = poisons.get((i / perPoison) % poisons.size());
                    AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder()
                            .messageId(UUID.randomUUID().toString()).type(FaultWorkerMain.TASK)
                            .contentType("application/json").deliveryMode(2);
                    poison.props().accept(props);
                    channel.basicPublish(namespace + ".tasks", topic, props.build(), poison.body());
                }
            }
            channel.waitForConfirmsOrDie(30_000);
        }
        double poisonedRate = timedRun("poisoned", half, half);

        int expectedDead = poisons.size() * COPIES;
        await().atMost(Duration.ofSeconds(60)).until(() ->
                ebats.deadLetters().count(DeadLetterSource.topic(topic)) == expectedDead);
        List<DeadLetter> dead = ebats.deadLetters().list(DeadLetterSource.topic(topic), expectedDead + 10);
        Map<String, Long> byReason = dead.stream().collect(Collectors.groupingBy(DeadLetter::reason, Collectors.counting()));
        Map<String, Long> expected = new HashMap<>();
        poisons.forEach(p -> expected.merge(p.reason(), (long) COPIES, Long::sum));
        assertThat(byReason).isEqualTo(expected);
        for (Poison poison : poisons) {
            assertThat(dead).as(poison.what()).anySatisfy(d -> assertThat(d.reason()).isEqualTo(poison.reason()));
        }

        Completions done = completions(RUN);
        assertThat(done.lost()).isZero();
        assertThat(done.duplicates()).isZero();
        ebats.deadLetters().purgeAll(DeadLetterSource.topic(topic));
        awaitQueuesEmpty();
        FaultReport.row("6. poison input: " + expectedDead + " bad messages of " + poisons.size()
                        + " kinds among the good tasks", RUN, done.lost(), done.duplicates(),
                String.format("all %d dead-lettered with their reason; good tasks %.0f/s clean vs %.0f/s with poison",
                        expectedDead, cleanRate, poisonedRate));
    }

    /** Starts a worker on what is queued, returns good tasks per second until tasks from..from+n are done. */
    private double timedRun(String name, int from, int n) throws Exception {
        ChildJvm worker = startWorker(name, 16, 0);
        long start = System.nanoTime(); // from READY: the JVM's start is not the worker's throughput
        await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(50))
                .until(() -> completions(RUN).distinct() >= from + n);
        double rate = n / ((System.nanoTime() - start) / 1e9);
        assertThat(worker.terminate(Duration.ofSeconds(30))).isZero();
        return rate;
    }

    private void publishRange(int from, int n) {
        for (int i = from; i < from + n; i++) {
            ebats.tasks().create(topic, FaultWorkerMain.TASK, Map.of("n", i));
        }
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Connection rawConnection() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(BROKER_URI);
        return factory.newConnection("poison-publisher");
    }
}
