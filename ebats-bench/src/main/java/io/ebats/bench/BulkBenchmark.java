package io.ebats.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.NewTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The {@code bulk} scenario: N tasks created at once into one topic, three ways in turn: the raw amqp-client
 * publishing the same bodies (persistent, with a message id, at most 8,192 unconfirmed, as the ebats publisher),
 * {@code createAsync} in a loop with every future awaited at the end, and one {@code createAll} call. Each is timed
 * from the first publish to the last confirm; the queue is purged between them, and no worker consumes. Not
 * thread-safe: one run at a time.
 */
public final class BulkBenchmark {

    static final String TOPIC = "bulk-bench";
    private static final int WINDOW = 8_192;

    /**
     * Throughputs of one run, in tasks (messages) a second.
     *
     * @param tasks       tasks created by each way
     * @param rounds      times each way ran; the figures are the medians
     * @param raw         the raw client
     * @param createAsync {@code createAsync} in a loop
     * @param createAll   one {@code createAll} call
     */
    public record Result(int tasks, int rounds, double raw, double createAsync, double createAll) {

        /** Two lines: what ran, what it measured. */
        public String summary() {
            return String.format(Locale.ROOT, "bulk: %d tasks, median of %d rounds%n"
                            + "  raw client %.0f msg/s, createAsync loop %.0f tasks/s (%.2f), createAll %.0f tasks/s "
                            + "(%.2f of raw, %.2f of the loop)%n", tasks, rounds, raw, createAsync, createAsync / raw,
                    createAll, createAll / raw, createAll / createAsync);
        }
    }

    private final EbatsConfig config;
    private final Consumer<String> progress;

    public BulkBenchmark(EbatsConfig config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    /** Creates {@code tasks} tasks each way, {@code rounds} times, alternating the ways. */
    public Result run(int tasks, int rounds) throws Exception {
        String namespace = config.namespace() + "-bulk-bench-" + UUID.randomUUID().toString().substring(0, 8);
        EbatsConfig run = config.toBuilder().namespace(namespace).delayLadder(namespace + ".ladder").build();
        Payload payload = new Payload(300);
        String queue = namespace + ".task." + TOPIC;
        double[][] rates = new double[3][rounds];
        try (Ebats ebats = Ebats.connect(run)) {
            Connection connection = run.broker().newConnection("bench-bulk-raw");
            try {
                ebats.tasks().create(TOPIC, "warm", Map.of()); // declares the topic's queues
                progress.accept("bulk: " + tasks + " tasks, " + rounds + " rounds of raw, createAsync, createAll");
                purge(connection, queue);
                for (int r = 0; r < rounds; r++) {
                    rates[0][r] = Rates.perSecond(tasks, () -> publishRaw(connection, namespace + ".tasks", payload, tasks));
                    purge(connection, queue, tasks, "the raw client");
                    List<NewTask> loop = newTasks(payload, tasks);
                    rates[1][r] = Rates.perSecond(tasks, () -> createAsyncLoop(ebats, loop));
                    purge(connection, queue, tasks, "createAsync");
                    List<NewTask> all = newTasks(payload, tasks);
                    rates[2][r] = Rates.perSecond(tasks, () -> ebats.tasks().createAll(all));
                    purge(connection, queue, tasks, "createAll");
                    progress.accept(String.format(Locale.ROOT, "bulk: round %d: raw %.0f, createAsync %.0f, "
                            + "createAll %.0f a second", r + 1, rates[0][r], rates[1][r], rates[2][r]));
                }
            } finally {
                connection.close(2_000);
                ebats.deleteTopology(List.of(TOPIC));
            }
        }
        return new Result(tasks, rounds, Rates.median(rates[0]), Rates.median(rates[1]), Rates.median(rates[2]));
    }

    private static List<NewTask> newTasks(Payload payload, int n) {
        List<NewTask> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(NewTask.of(TOPIC, "bulk", payload.params(i)));
        }
        return tasks;
    }

    private static void createAsyncLoop(Ebats ebats, List<NewTask> tasks) {
        List<CompletableFuture<String>> confirms = new ArrayList<>(tasks.size());
        for (NewTask task : tasks) {
            confirms.add(ebats.tasks().createAsync(task));
        }
        confirms.forEach(CompletableFuture::join);
    }

    /** Publishes {@code n} bodies to the tasks exchange with confirms, at most {@link #WINDOW} unconfirmed. */
    private static void publishRaw(Connection connection, String exchange, Payload payload, int n) throws Exception {
        try (Channel channel = connection.createChannel()) {
            ConfirmWindow window = new ConfirmWindow(WINDOW);
            ConcurrentSkipListMap<Long, Boolean> unconfirmed = new ConcurrentSkipListMap<>();
            channel.confirmSelect();
            channel.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long seq, boolean multiple) {
                    window.release(settle(unconfirmed, seq, multiple));
                }

                @Override
                public void handleNack(long seq, boolean multiple) {
                    window.refused(settle(unconfirmed, seq, multiple), "nacked");
                }
            });
            for (int i = 0; i < n; i++) {
                window.acquire();
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
                        .contentType("application/json").messageId(UUID.randomUUID().toString()).type("bulk").build();
                unconfirmed.put(channel.getNextPublishSeqNo(), Boolean.TRUE);
                channel.basicPublish(exchange, TOPIC, props, payload.raw(i));
            }
            if (!window.drain(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the raw client's publishes were not all confirmed within 60 s");
            }
        }
    }

    private static int settle(ConcurrentSkipListMap<Long, Boolean> unconfirmed, long seq, boolean multiple) {
        if (!multiple) {
            return unconfirmed.remove(seq) != null ? 1 : 0;
        }
        var settled = unconfirmed.headMap(seq, true);
        int n = settled.size();
        settled.clear();
        return n;
    }

    /** Purges the queue after checking that it holds what {@code who} created: every task, once. */
    private static void purge(Connection connection, String queue, int expected, String who) throws Exception {
        int held;
        try (Channel channel = connection.createChannel()) {
            held = channel.queueDeclarePassive(queue).getMessageCount();
        }
        if (held != expected) {
            throw new IllegalStateException(who + " created " + expected + " tasks, and " + queue + " holds " + held);
        }
        purge(connection, queue);
    }

    private static void purge(Connection connection, String queue) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.queuePurge(queue);
        }
    }
}
