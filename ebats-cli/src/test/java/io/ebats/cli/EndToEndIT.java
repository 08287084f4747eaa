package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.ebats.cli.demo.DemoShop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it: long-running commands in processes of their own, stopped with SIGTERM. */
class EndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(40);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final TestBroker broker = new TestBroker();
    private final List<ChildProcess> children = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (ChildProcess child : children) {
                child.close();
            }
        } finally {
            broker.deleteNamespace(topics);
        }
    }

    private ChildProcess start(String... args) throws Exception {
        ChildProcess child = ChildProcess.start(dir, args);
        children.add(child);
        return child;
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result result = new CliRunner(Map.of("EBATS_BROKER_URI", TestBroker.URI), dir).run(args);
        assertThat(result.code()).as(result.toString()).isZero();
        return result;
    }

    @Test
    void upRunsEventsRetriesDeadLettersAndTheCustomConsumerThenStopsWithExitZero() throws Exception {
        topics.add(DemoShop.TOPIC);
        broker.writeConfig(dir, "events:", "  order_paied:", "    - { task: virtualShipping, topic: demo }",
                "worker:", "  topics: [demo]");
        ChildProcess up = start("up", "--broker", TestBroker.URI, "--dashboard-port", "0");
        up.awaitLine(START, "Running; Ctrl-C stops.");
        assertThat(up.lines()).anyMatch(line -> line.contains("namespace " + broker.namespace));
        assertThat(up.lines()).anyMatch(line -> line.contains("order_paied -> virtualShipping on demo"));
        assertThat(up.lines()).anyMatch(line -> line.contains("history: " + dir.resolve(".ebats/history")));
        assertThat(DashboardProbe.linkOf(up).toString()).matches("http://127\\.0\\.0\\.1:\\d+/#token=\\w{16,}");
        assertThat(DashboardProbe.status(DashboardProbe.linkOf(up), "/metrics")).isLessThan(500);

        // an event becomes exactly one task run
        ok("publish", "order_paied", "--param", "order_id=FB1");
        up.awaitLine(WAIT, "SUCCEEDED topic=demo task=virtualShipping");
        up.awaitLine(WAIT, "virtualShipping: order FB1 paid");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> up.linesWith("task=virtualShipping").size() == 1);

        // a flaky task succeeds on its third attempt
        String flaky = ok("task", "demo", "diag.flaky", "--json", "{\"failures\": 2}").out().strip();
        up.awaitLine(WAIT, "SUCCEEDED", "id=" + flaky, "attempt=3");
        assertThat(up.linesWith("RETRYING", "id=" + flaky)).hasSize(2);
        // ... and its history, read while up writes it, shows the three attempts, newest first
        await().atMost(WAIT).until(() -> history("--task-id", flaky).size() == 3);
        assertThat(history("--task-id", flaky).findValuesAsText("outcome"))
                .containsExactly("SUCCEEDED", "RETRYING", "RETRYING");

        // a failing task is dead, replayed, and dead again
        String failing = ok("task", "demo", "diag.fail").out().strip();
        up.awaitLine(WAIT, "FAILED topic=demo task=diag.fail id=" + failing + " attempt=1");
        JsonNode dead = JSON.readTree(ok("dead", "list", "--topic", "demo", "--json").out());
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).get("id").asText()).isEqualTo(failing);
        assertThat(dead.get(0).get("reason").asText()).isEqualTo("task-exception");

        assertThat(ok("dead", "replay", "--topic", "demo", "--id", failing).out()).startsWith("replayed 1 ");
        await().atMost(WAIT).until(() -> up.linesWith("FAILED", "id=" + failing).size() == 2);
        await().atMost(WAIT).until(() -> deadCount("demo") == 1);

        // the demo shop's custom consumer turns a plain AMQP message into an orderAsync task
        publishRaw(DemoShop.forNamespace(broker.namespace).exchange(), DemoShop.ROUTING_KEY,
                "{\"order_id\": \"FB9\"}");
        up.awaitLine(WAIT, "SUCCEEDED topic=demo task=orderAsync");
        up.awaitLine(WAIT, "orderAsync: order FB9");

        assertThat(up.terminate()).isZero();
        assertThat(up.lines()).anyMatch(line -> line.contains("SIGTERM received"))
                .anyMatch(line -> line.contains("scheduler stopped"));
    }

    @Test
    void workerRunsHandlersOfGivenClassesAndExitsZeroOnSigterm() throws Exception {
        String topic = "greetings";
        topics.add(topic);
        broker.writeConfig(dir);
        ChildProcess worker = start("worker", "--topic", topic, "--broker", TestBroker.URI, "--concurrency", "2",
                "--handlers", GreetingTasks.class.getName());
        worker.awaitLine(START, "worker", "started: topics [" + topic + "]");
        ChildProcess dashboard = start("dashboard", "--broker", TestBroker.URI, "--port", "0");

        String id = ok("task", topic, "greet", "--param", "name=Ada").out().strip();
        worker.awaitLine(WAIT, "SUCCEEDED topic=" + topic + " task=greet id=" + id + " attempt=1");
        worker.awaitLine(WAIT, "hello Ada");
        await().atMost(WAIT).until(() -> history("--task-id", id).size() == 1);
        JsonNode greeted = history("--task-id", id).get(0);
        assertThat(greeted.get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(greeted.get("taskName").asText()).isEqualTo("greet");
        assertThat(greeted.get("params").asText()).contains("Ada");

        dashboard.awaitLine(START, "Serving; Ctrl-C stops.");
        assertThat(DashboardProbe.status(DashboardProbe.linkOf(dashboard), "/metrics")).isLessThan(500);
        assertThat(dashboard.terminate()).isZero();

        String sleeping = ok("task", topic, "diag.sleep", "--json", "{\"ms\": 1500}").out().strip();
        await().atMost(WAIT).until(() -> readyCount(topic) == 0);
        assertThat(worker.terminate()).isZero();
        assertThat(worker.linesWith("SUCCEEDED", "id=" + sleeping))
                .as("a task running at SIGTERM finishes before the worker exits").hasSize(1);
        assertThat(history("--task-id", sleeping).findValuesAsText("outcome"))
                .as("the history is written before the worker exits").containsExactly("SUCCEEDED");
    }

    /** The attempts {@code ebats history --json} shows with these filters. */
    private JsonNode history(String... filters) throws Exception {
        List<String> args = new ArrayList<>(List.of("history", "--json"));
        args.addAll(List.of(filters));
        return JSON.readTree(ok(args.toArray(String[]::new)).out());
    }

    private long deadCount(String topic) throws Exception {
        JsonNode status = JSON.readTree(ok("status", "--topic", topic, "--json").out());
        return status.get("topics").get(0).get("dead").asLong();
    }

    private long readyCount(String topic) throws Exception {
        JsonNode status = JSON.readTree(ok("status", "--topic", topic, "--json").out());
        return status.get("topics").get(0).get("ready").asLong();
    }

    private static void publishRaw(String exchange, String routingKey, String body) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestBroker.URI);
        try (Connection connection = factory.newConnection("ebats-cli-test-shop");
             Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).build();
            channel.basicPublish(exchange, routingKey, true, props, body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5_000);
        }
    }
}
