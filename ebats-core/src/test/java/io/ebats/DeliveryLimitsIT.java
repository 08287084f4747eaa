package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.ebats.internal.broker.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * How often RabbitMQ delivers a message before it stops (docs/protocol.md, "Delivery limits"): the quorum
 * queues of ebats say so explicitly, so that no message is ever dropped by the broker, on 3.x as on 4.x, whose
 * default of 20 would drop what ebats gives back. A give-back is a delivery returned unsettled: by a nack with
 * requeue (a stopping worker's waiting tasks, a settlement whose publish was refused) or by a closing channel
 * (a stopped or crashed worker, a listing of dead letters).
 */
class DeliveryLimitsIT extends BrokerTestSupport {

    /** The task queues' broker limit, docs/protocol.md. */
    private static final int BROKER_DELIVERY_LIMIT = 100;
    /** How often a retry's publish is refused: more than ebats's redelivery limit of 20, fewer than the broker's. */
    private static final int REFUSED_RETRIES = 25;

    private final List<String> policies = new ArrayList<>();

    @AfterEach
    void clearPolicies() throws Exception {
        for (String policy : policies) {
            Rabbitmqctl.run("clear_policy", policy);
        }
    }

    @Test
    void aTaskGivenBackThirtyTimesIsDeadLetteredWithEbatsReasonNotDropped() throws Exception {
        String topic = topic("given-back");
        String id = ebats.tasks().create(topic, "t", null);

        giveBack(taskQueue(topic), 30);

        AtomicInteger ran = new AtomicInteger();
        ebats.worker().topic(topic).handle("t", (p, ctx) -> ran.incrementAndGet()).start();
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
        DeadLetter dead = ebats.deadLetters().list(DeadLetterSource.topic(topic), 1).get(0);
        assertThat(dead.id()).isEqualTo(id);
        assertThat(dead.reason()).isEqualTo("redelivery-limit");
        assertThat(ran).hasValue(0);
    }

    @Test
    void aTaskGivenBackMoreOftenThanTheBrokerAllowsIsKeptInItsDeadLetterQueueAndReplays() throws Exception {
        String topic = topic("over-limit");
        String id = ebats.tasks().create(topic, "t", params("n", 1));

        giveBack(taskQueue(topic), BROKER_DELIVERY_LIMIT + 1);

        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
        assertThat(messages(taskQueue(topic))).isZero();
        DeadLetter dead = ebats.deadLetters().list(DeadLetterSource.topic(topic), 1).get(0);
        assertThat(dead.id()).isEqualTo(id);
        assertThat(dead.reason()).isEqualTo("broker-delivery-limit");
        assertThat(dead.errorMessage()).contains(taskQueue(topic));

        assertThat(ebats.deadLetters().replay(DeadLetterSource.topic(topic), d -> true)).isEqualTo(1);
        ebats.worker().topic(topic).handle("t", (p, ctx) -> { }).listener(attempts::add).start();
        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attempts).singleElement().satisfies(a -> {
            assertThat(a.taskId()).isEqualTo(id);
            assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED);
        });
    }

    @Test
    void anEventGivenBackMoreOftenThanTheBrokerAllowsReplaysIntoItsTasks() throws Exception {
        String topic = topic("event-over-limit");
        EventManager events = new EventManager().register("order_paied", "ship", topic);
        String eventId = ebats.publish(Event.named("order_paied").param("order_id", "FB1"));

        giveBack(namespace + ".scheduler", BROKER_DELIVERY_LIMIT + 1);

        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.events()) == 1);
        assertThat(ebats.deadLetters().list(DeadLetterSource.events(), 1)).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(eventId);
            assertThat(d.reason()).isEqualTo("broker-delivery-limit");
        });
        assertThat(ebats.deadLetters().replay(DeadLetterSource.events(), d -> true)).isEqualTo(1);
        ebats.startScheduler(events);
        ebats.worker().topic(topic).handle("ship", (p, ctx) -> { }).listener(attempts::add).start();
        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attempts).singleElement().satisfies(a -> {
            assertThat(a.taskName()).isEqualTo("ship");
            assertThat(a.event()).contains(eventId);
            assertThat(a.params()).contains("FB1");
        });
    }

    @Test
    void aDeadLetterListedAHundredTimesIsStillThereAndReplayable() {
        String topic = topic("listed");
        AtomicInteger runs = new AtomicInteger();
        ebats.worker().topic(topic).redeliveryLimit(2 * REFUSED_RETRIES).listener(attempts::add).handle("t", (p, ctx) -> {
            if (runs.incrementAndGet() == 1) {
                throw new TaskException("first run fails for good");
            }
        }).start();
        String id = ebats.tasks().create(topic, "t", null);
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);

        for (int i = 0; i < 100; i++) { // each listing takes the message and gives it back
            assertThat(ebats.deadLetters().list(DeadLetterSource.topic(topic), 10)).as("listing %d", i + 1)
                    .extracting(DeadLetter::id).containsExactly(id);
        }

        assertThat(ebats.deadLetters().count(DeadLetterSource.topic(topic))).isEqualTo(1);
        assertThat(ebats.deadLetters().replay(DeadLetterSource.topic(topic), d -> true)).isEqualTo(1);
        await().atMost(WAIT).until(() -> runs.get() == 2);
        await().atMost(WAIT).until(() -> attempts.stream().anyMatch(a -> a.outcome() == Outcome.SUCCEEDED));
    }

    @Test
    void queuesOfAnOlderEbatsKeepWorkingAndThePolicyItNamesGivesThemTheLimits() throws Exception {
        String topic = topic("upgraded");
        try (Channel ch = rawConnection().createChannel()) { // as ebats declared them before explicit limits
            ch.queueDeclare(deadTaskQueue(topic), true, false, false, Map.of("x-queue-type", "quorum"));
            ch.queueDeclare(taskQueue(topic), true, false, false, Map.of("x-queue-type", "quorum"));
        }
        ListAppender<ILoggingEvent> logs = capture();
        List<String> commands;
        try {
            ebats.worker().topic(topic).handle("t", (p, ctx) -> { }).listener(attempts::add).start();
            ebats.tasks().create(topic, "t", null);
            await().atMost(WAIT).until(() -> attempts.size() == 1);
            commands = policyCommands(logs);
        } finally {
            ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }
        assertThat(commands).as("one command for the task queue, one for the dead-letter queue").hasSize(2);

        for (String command : commands) {
            Matcher name = Pattern.compile("--priority 10 '([^']+)'").matcher(command);
            assertThat(name.find()).isTrue();
            policies.add(name.group(1));
            run(command);
        }
        await().atMost(WAIT).until(() -> Rabbitmqctl.run("list_queues", "name", "policy")
                .contains(taskQueue(topic) + "\tebats-" + taskQueue(topic)));

        ebats.close();
        ebats = Ebats.connect(config());
        String id = ebats.tasks().create(topic, "t", null);
        giveBack(taskQueue(topic), BROKER_DELIVERY_LIMIT + 1);
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
        assertThat(ebats.deadLetters().list(DeadLetterSource.topic(topic), 1)).singleElement()
                .satisfies(d -> {
                    assertThat(d.id()).isEqualTo(id);
                    assertThat(d.reason()).isEqualTo("broker-delivery-limit");
                });
    }

    @Test
    void aRetryWhosePublishIsRefusedAndRequeuedTwentyFiveTimesIsNotLost() throws Exception {
        String topic = topic("refused-retry");
        // every level but 0, which dead-letters into the ladder's exit, whose alternate exchange takes anything:
        // the message that keeps a level over its limit would not stay there (the retry enters at level 5)
        List<String> levels = Topology.of(rawConnection(), config()).dialect().delayQueues();
        List<String> delayQueues = levels.subList(1, levels.size());
        assertThat(delayQueues).isNotEmpty();
        AtomicInteger firstAttemptRuns = new AtomicInteger();
        AtomicInteger secondAttemptRuns = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ebats.worker().topic(topic).redeliveryLimit(2 * REFUSED_RETRIES).listener(attempts::add).handle("t", (p, ctx) -> {
            if (ctx.attempt() > 1) {
                secondAttemptRuns.incrementAndGet();
                return;
            }
            if (firstAttemptRuns.incrementAndGet() > REFUSED_RETRIES) {
                release.await(1, TimeUnit.MINUTES); // its retry goes out once the delay queues take it again
            }
            throw new RetryException("once more", Duration.ofMillis(50));
        }).start();

        String refuse = namespace + "-refuse-delays";
        policies.add(refuse);
        Rabbitmqctl.run("set_policy", "--apply-to", "queues", "--priority", "20", refuse, anyOf(delayQueues),
                "{\"max-length\":0,\"overflow\":\"reject-publish\"}");
        await().atMost(WAIT).until(() -> policiesOf(delayQueues).values().stream().allMatch(refuse::equals));
        fillOverTheLimit(delayQueues);

        String id = ebats.tasks().create(topic, "t", null);
        await().atMost(WAIT).failFast(() -> assertThat(ebats.deadLetters().count(DeadLetterSource.topic(topic)))
                        .as("dead letters after %d runs of attempt 1", firstAttemptRuns.get()).isZero())
                .until(() -> firstAttemptRuns.get() > REFUSED_RETRIES);

        // A mere clear_policy would not do: a quorum queue of RabbitMQ 3.10 then goes on refusing the publishers it
        // refused before, which a higher limit lets publish again.
        String lift = namespace + "-lift-delays";
        policies.add(lift);
        Rabbitmqctl.run("set_policy", "--apply-to", "queues", "--priority", "21", lift, anyOf(delayQueues),
                "{\"max-length\":1000000000,\"overflow\":\"reject-publish\"}");
        await().atMost(WAIT).until(() -> policiesOf(delayQueues).values().stream().allMatch(lift::equals));
        Rabbitmqctl.run("clear_policy", refuse); // first, or it would apply again for a moment
        Rabbitmqctl.run("clear_policy", lift);
        await().atMost(WAIT).until(() -> policiesOf(delayQueues).values().stream().allMatch(String::isEmpty));
        release.countDown();

        await().atMost(WAIT).until(() -> attemptsOf(id).size() == 2);
        assertThat(attemptsOf(id)).extracting(Attempt::attempt, Attempt::outcome)
                .containsExactly(tuple(1, Outcome.RETRYING), tuple(2, Outcome.SUCCEEDED));
        assertThat(secondAttemptRuns).hasValue(1);
        assertThat(firstAttemptRuns.get()).isEqualTo(REFUSED_RETRIES + 1);
        assertThat(ebats.deadLetters().count(DeadLetterSource.topic(topic))).isZero();
    }

    /** Takes the queue's head and gives it back, by nack with requeue and by closing the channel in turn. */
    private void giveBack(String queue, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            Channel ch = rawConnection().createChannel();
            GetResponse got = null;
            for (int tries = 0; got == null && tries < 200; tries++) {
                got = ch.basicGet(queue, false);
                if (got == null) {
                    Thread.sleep(5); // a returned message is back a few ms after the close
                }
            }
            assertThat(got).as("give-back %d of queue %s", i + 1, queue).isNotNull();
            if (i % 2 == 0) {
                ch.basicNack(got.getEnvelope().getDeliveryTag(), false, true);
            }
            ch.close();
        }
    }

    private long messages(String queue) throws Exception {
        try (Channel ch = rawConnection().createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }

    /** An anchored pattern that matches exactly these names (policy patterns are regular expressions). */
    private static String anyOf(List<String> names) {
        return names.stream().map(DeliveryLimitsIT::literal).collect(Collectors.joining("|", "^(", ")$"));
    }

    /** The name as a regular expression that matches only itself, as ebats writes its policies' patterns. */
    private static String literal(String name) {
        StringBuilder pattern = new StringBuilder(name.length() + 8);
        for (char c : name.toCharArray()) {
            if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.toString();
    }

    /** The policy applied to each of these queues, empty for none. */
    private static Map<String, String> policiesOf(List<String> queues) throws Exception {
        Map<String, String> applied = new HashMap<>();
        for (String line : Rabbitmqctl.run("list_queues", "name", "policy").split("\n")) {
            String[] columns = line.split("\t", -1);
            if (columns.length == 2 && queues.contains(columns[0])) {
                applied.put(columns[0], columns[1].strip());
            }
        }
        assertThat(applied.keySet()).as("queues listed").containsExactlyInAnyOrderElementsOf(queues);
        return applied;
    }

    /**
     * Makes each queue, under a max-length of 0 with reject-publish, refuse every publish: a quorum queue of
     * RabbitMQ 3.10 refuses only once it holds more than its limit, so each first takes one message that stays
     * (ready, or past its TTL held for dead-lettering to where nothing routes it). Checks the refusal.
     */
    private void fillOverTheLimit(List<String> queues) throws Exception {
        try (Channel ch = rawConnection().createChannel()) {
            ch.confirmSelect();
            for (String queue : queues) {
                ch.basicPublish("", queue, true, null, "over the limit".getBytes(StandardCharsets.UTF_8));
                ch.waitForConfirms(5_000); // taken while empty
            }
        }
        try (Channel ch = rawConnection().createChannel()) {
            ch.confirmSelect();
            for (String queue : queues) {
                ch.basicPublish("", queue, true, null, "refused".getBytes(StandardCharsets.UTF_8));
                assertThat(ch.waitForConfirms(5_000)).as("publish into %s refused", queue).isFalse();
            }
        }
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        return appender;
    }

    private static List<String> policyCommands(ListAppender<ILoggingEvent> logs) {
        List<String> commands = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            String message = event.getFormattedMessage();
            int at = message.indexOf("rabbitmqctl set_policy");
            if (at >= 0) {
                commands.add(message.substring(at));
            }
        }
        return commands;
    }

    private static String run(String command) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command).isTrue();
        assertThat(process.exitValue()).as(command + ": " + output).isZero();
        return output;
    }

}
