package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private final List<String> policies = new ArrayList<>();

    @AfterEach
    void clearPolicies() throws Exception {
        for (String policy : policies) {
            rabbitmqctl("clear_policy", policy);
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
        ebats.worker().topic(topic).listener(attempts::add).handle("t", (p, ctx) -> {
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
        await().atMost(WAIT).until(() -> rabbitmqctl("list_queues", "name", "policy")
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

    private static String rabbitmqctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }
}
