package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebats.Attempt;
import io.ebats.DeadLetterSource;
import io.ebats.Ebats;
import io.ebats.EventManager;
import io.ebats.Outcome;
import io.ebats.Worker;
import io.ebats.cli.handlers.DiagnosticTasks;
import io.ebats.dashboard.Dashboard;
import io.ebats.store.HistoryQuery;
import io.ebats.store.HistorySettings;
import io.ebats.store.HistoryStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-shot commands, run in this JVM against the real broker; workers come from the library. */
class CommandsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TempDir
    Path dir;

    private final TestBroker broker = new TestBroker();
    private final String topic = "cli-" + UUID.randomUUID().toString().substring(0, 6);
    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private CliRunner cli;
    private Ebats ebats;

    @BeforeEach
    void setUp() throws Exception {
        broker.writeConfig(dir);
        cli = new CliRunner(Map.of("EBATS_BROKER_URI", TestBroker.URI), dir);
        ebats = Ebats.connect(broker.config());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            ebats.close();
        } finally {
            broker.deleteNamespace(List.of(topic));
        }
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result result = cli.run(args);
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString()).isEmpty();
        return result;
    }

    @Test
    void publishPrintsTheConfirmedEventIdAndTheSchedulerGetsTheMergedParams() {
        Queue<Map<String, Object>> shipped = new ConcurrentLinkedQueue<>();
        ebats.startScheduler(new EventManager().register("order_paied", "virtualShipping", topic));
        ebats.worker().topic(topic).handle("virtualShipping", (params, ctx) -> shipped.add(params))
                .listener(attempts::add).start();

        CliRunner.Result result = ok("publish", "order_paied", "--json", "{\"order_id\": \"X\", \"amount\": 12}",
                "--param", "order_id=FB1");

        assertThat(result.out().strip()).matches(UUID_PATTERN);
        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(shipped).containsExactly(Map.of("order_id", "FB1", "amount", 12));
        assertThat(attempts.peek().eventId()).isEqualTo(result.out().strip());
    }

    @Test
    void tasksFromJsonLinesAreCreatedTogetherAndTheirIdsPrintedInOrder() throws Exception {
        Path lines = Files.writeString(dir.resolve("orders.jsonl"), """
                {"order_id": "A1"}
                {"order_id": "A2"}

                {"order_id": "A3", "n": 3}
                """);

        CliRunner.Result result = ok("task", topic, "diag.noop", "--json-lines", lines.toString());

        assertThat(result.out().lines().toList()).hasSize(3).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("[0-9a-f-]{36}"));
        JsonNode status = JSON.readTree(ok("status", "--topic", topic, "--json").out());
        assertThat(status.get("topics").get(0).get("ready").asLong()).isEqualTo(3);
    }

    @Test
    void publishWithAnIdUsesIt() {
        assertThat(ok("publish", "order_create", "--id", "evt-42").out()).isEqualTo("evt-42\n");
    }

    @Test
    void taskIsCreatedDirectlyAndCountedAsReady() throws Exception {
        CliRunner.Result result = ok("task", topic, "diag.noop", "--param", "n=1", "--id", "task-1");

        assertThat(result.out()).isEqualTo("task-1\n");
        JsonNode status = JSON.readTree(ok("status", "--topic", topic, "--json").out());
        assertThat(status.get("namespace").asText()).isEqualTo(broker.namespace);
        JsonNode entry = status.get("topics").get(0);
        assertThat(entry.get("topic").asText()).isEqualTo(topic);
        assertThat(entry.get("exists").asBoolean()).isTrue();
        assertThat(entry.get("ready").asLong()).isEqualTo(1);
        assertThat(entry.get("inFlight").asInt()).isZero();
    }

    @Test
    void aTaskWithAUniqueKeyIsCreatedOnceAndTheSecondCreatePrintsTheFirstIdAlreadyEnqueued() throws Exception {
        String id = ok("task", topic, "diag.noop", "--unique-key", "k1", "--unique-for", "10m").out().strip();
        CliRunner.Result again = ok("task", topic, "diag.noop", "--unique-key", "k1");
        String other = ok("task", topic, "diag.noop", "--param", "order_id=7", "--unique-key", "order:{order_id}")
                .out().strip();

        assertThat(id).matches(UUID_PATTERN);
        assertThat(again.out()).isEqualTo(id + " already enqueued\n");
        assertThat(other).matches(UUID_PATTERN).isNotEqualTo(id);
        assertThat(Files.exists(dir.resolve(".ebats/history/history.db"))).as("the default history holds the keys")
                .isTrue();
        JsonNode status = JSON.readTree(ok("status", "--topic", topic, "--json").out());
        assertThat(status.get("topics").get(0).get("ready").asLong()).isEqualTo(2);
    }

    @Test
    void aUniqueKeyWithABadTemplateOrWithoutHistoryIsOneClearError() throws Exception {
        CliRunner.Result missing = cli.run("task", topic, "diag.noop", "--unique-key", "order:{order_id}");
        CliRunner.Result alone = cli.run("task", topic, "diag.noop", "--unique-for", "10m");
        broker.writeConfig(dir, "history:", "  enabled: false");
        CliRunner.Result off = cli.run("task", topic, "diag.noop", "--unique-key", "k1");

        assertThat(missing.code()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("unique key template order:{order_id} names param order_id, which task"
                + " diag.noop does not have");
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.err()).contains("--unique-for goes with --unique-key");
        assertThat(off.code()).isEqualTo(2);
        assertThat(off.err()).contains("--unique-key needs the history database").contains("history is off");
        assertThat(missing.out() + alone.out() + off.out()).isEmpty();
    }

    @Test
    void aDelayedTaskCancelledWithTheCliNeverRunsAndShowsCancelledInTheHistory() throws Exception {
        String id = ok("task", topic, "diag.noop", "--delay", "2s").out().strip();

        assertThat(ok("cancel", id).out()).isEqualTo(id + " cancelled: it does not run (no attempt of it is "
                + "recorded: it is queued, delayed or running its first attempt, or there is no such task)\n");
        assertThat(ok("cancel", id).out()).isEqualTo(id + " already cancelled\n");
        try (HistoryStore history = HistoryStore.open(HistorySettings.sqlite(dir.resolve(".ebats/history"))
                .flushInterval(Duration.ofMillis(50)).build())) {
            Worker worker = ebats.worker().topic(topic).handlers(new DiagnosticTasks()).listener(attempts::add)
                    .listener(history).cancellations(history).start();
            await().atMost(WAIT).until(() -> history.count(HistoryQuery.builder().taskId(id).build()) == 1);
            worker.close();
        }

        assertThat(attempts).extracting(Attempt::outcome).containsExactly(Outcome.CANCELLED);
        JsonNode history = JSON.readTree(ok("history", "--task-id", id, "--json").out());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("outcome").asText()).isEqualTo("CANCELLED");
        assertThat(ok("history", "--task-id", id).out()).contains("CANCELLED");
    }

    @Test
    void cancellingAFinishedTaskSaysHowItEndedAndMalformedIdsCancelNothing() throws Exception {
        String id = ok("task", topic, "diag.noop").out().strip();
        try (HistoryStore history = HistoryStore.open(HistorySettings.sqlite(dir.resolve(".ebats/history"))
                .flushInterval(Duration.ofMillis(50)).build())) {
            Worker worker = ebats.worker().topic(topic).handlers(new DiagnosticTasks()).listener(history)
                    .cancellations(history).start();
            await().atMost(WAIT).until(() -> history.count(HistoryQuery.builder().taskId(id).build()) == 1);
            worker.close();
        }

        CliRunner.Result finished = cli.run("cancel", id);
        CliRunner.Result malformed = cli.run("cancel", "a-fine-id", "bad\tid");
        broker.writeConfig(dir, "history:", "  enabled: false");
        CliRunner.Result off = cli.run("cancel", id);

        assertThat(finished.code()).as(finished.toString()).isEqualTo(1);
        assertThat(finished.out()).isEqualTo(id + " not cancelled: it had already ended, SUCCEEDED\n");
        assertThat(malformed.code()).as(malformed.toString()).isEqualTo(2);
        assertThat(malformed.err()).contains("TASK_ID: task id 'bad?id' holds a control character at index 3");
        assertThat(malformed.out()).isEmpty();
        assertThat(off.code()).isEqualTo(2);
        assertThat(off.err()).contains("cancel needs the history database").contains("history is off");
    }

    @Test
    void delayedTaskWaitsInTheLadder() throws Exception {
        ok("task", topic, "diag.noop", "--delay", "1h");

        JsonNode status = JSON.readTree(ok("status", "--topic", topic, "--json").out());
        assertThat(status.get("delayed").asLong()).isEqualTo(1);
        assertThat(status.get("topics").get(0).get("ready").asLong()).isZero();
    }

    @Test
    void statusTableShowsTopicsAndWorkers() {
        ok("task", topic, "diag.noop");

        String out = ok("status", "--topic", topic, "--topic", "never-used").out();

        assertThat(out).containsPattern("(?m)^" + topic + "\\s+1\\s+0\\s+0\\s+0\\s+no$");
        assertThat(out).contains("never-used (no queue yet)", "delayed tasks:", "pending events:",
                "unregistered events:", "workers online:");
    }

    @Test
    void pauseKeepsATopicsTasksQueuedStatusShowsItAndResumeRunsThem() throws Exception {
        ok("task", topic, "diag.noop");
        ok("task", topic, "diag.noop");

        assertThat(ok("pause", topic).out()).isEqualTo("paused " + topic + " (2 tasks ready wait)\n");
        assertThat(ok("pause", topic).out()).isEqualTo(topic + " was paused already (2 tasks ready wait)\n");
        ebats.worker().topic(topic).handlers(new DiagnosticTasks()).listener(attempts::add).start();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(attempts::isEmpty);
        assertThat(ok("status", "--topic", topic).out()).containsPattern("(?m)^" + topic + "\\s+2\\s+0\\s+0\\s+0\\s+yes$");
        JsonNode paused = JSON.readTree(ok("status", "--topic", topic, "--json").out()).get("topics").get(0);
        assertThat(paused.get("paused").asBoolean()).isTrue();
        assertThat(paused.get("ready").asLong()).isEqualTo(2);

        assertThat(ok("resume", topic).out()).isEqualTo("resumed " + topic + " (2 tasks ready wait)\n");
        await().atMost(WAIT).until(() -> attempts.size() == 2);
        assertThat(attempts).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED));
        assertThat(ok("resume", topic).out()).isEqualTo(topic + " was not paused (0 tasks ready wait)\n");
        assertThat(JSON.readTree(ok("status", "--topic", topic, "--json").out()).get("topics").get(0)
                .get("paused").asBoolean()).isFalse();
    }

    @Test
    void pausingAnUnknownOrInvalidTopicIsOneClearError() {
        CliRunner.Result unknown = cli.run("pause", "no-such-" + topic);
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).startsWith("ebats: no topic no-such-" + topic + " in namespace " + broker.namespace
                + ": its queue " + broker.namespace + ".task.no-such-" + topic + " does not exist");
        assertThat(unknown.err().lines()).hasSize(1);

        CliRunner.Result invalid = cli.run("resume", "orders.*");
        assertThat(invalid.code()).as(invalid.toString()).isEqualTo(2);
        assertThat(invalid.err()).isEqualTo("ebats: topic name must not contain the AMQP wildcard '*': orders.*\n");

        CliRunner.Result none = cli.run("pause");
        assertThat(none.code()).as(none.toString()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required parameter");
    }

    @Test
    void statusCountsTasksInFlightFromTheWorkersHeartbeats() throws Exception {
        ebats.worker().topic(topic).name("sleeper").handlers(new DiagnosticTasks()).listener(attempts::add).start();
        ok("task", topic, "diag.sleep", "--json", "{\"ms\": 4000}");

        await().atMost(WAIT).until(() -> JSON.readTree(ok("status", "--topic", topic, "--json").out())
                .get("topics").get(0).get("inFlight").asInt() == 1);
        JsonNode status = JSON.readTree(ok("status", "--topic", topic, "--json").out());
        JsonNode worker = status.get("workers").get(0);
        assertThat(worker.get("name").asText()).isEqualTo("sleeper");
        assertThat(worker.get("running").get(0).get("taskName").asText()).isEqualTo("diag.sleep");
        await().atMost(WAIT).until(() -> attempts.size() == 1);
    }

    @Test
    void deadLettersAreListedReplayedAndPurged() throws Exception {
        ebats.worker().topic(topic).handlers(new DiagnosticTasks()).listener(attempts::add).start();
        String first = ok("task", topic, "diag.fail", "--param", "message=card declined").out().strip();
        String second = ok("task", topic, "diag.fail").out().strip();
        await().atMost(WAIT).until(() -> attempts.size() == 2);

        JsonNode listed = JSON.readTree(ok("dead", "list", "--topic", topic, "--json").out());
        assertThat(listed).hasSize(2);
        JsonNode letter = listed.get(0).get("id").asText().equals(first) ? listed.get(0) : listed.get(1);
        assertThat(letter.get("name").asText()).isEqualTo("diag.fail");
        assertThat(letter.get("reason").asText()).isEqualTo("task-exception");
        assertThat(letter.get("errorMessage").asText()).isEqualTo("card declined");
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);

        String table = ok("dead", "list", "--topic", topic).out();
        assertThat(table).contains("ID", "REASON", "DEAD AT", first, second, "TaskException: card declined",
                "2 shown, 2 in all in topic " + topic);

        assertThat(ok("dead", "replay", "--topic", topic, "--id", first).out())
                .isEqualTo("replayed 1 dead letter of topic " + topic + " with id " + first + "\n");
        await().atMost(WAIT).until(() -> attempts.size() == 3);
        assertThat(attempts).allMatch(a -> a.outcome() == Outcome.FAILED);
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 2);

        assertThat(ok("dead", "list", "--topic", topic, "--limit", "1").out()).contains("1 shown, 2 in all");
        assertThat(ok("dead", "purge", "--topic", topic, "--all").out())
                .isEqualTo("purged 2 dead letters of topic " + topic + "\n");
        JsonNode status = JSON.readTree(ok("status", "--topic", topic, "--json").out());
        assertThat(status.get("topics").get(0).get("dead").asLong()).isZero();
    }

    @Test
    void replayByReasonTakesOnlyMatchingLetters() throws Exception {
        ebats.worker().topic(topic).handlers(new DiagnosticTasks()).listener(attempts::add).start();
        ok("task", topic, "diag.fail");
        ok("task", topic, "no.such.task");
        await().atMost(WAIT).until(() -> attempts.size() == 2);
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 2);

        assertThat(ok("dead", "purge", "--topic", topic, "--reason", "unknown-task").out())
                .startsWith("purged 1 dead letter of topic " + topic + " with reason unknown-task");
        JsonNode left = JSON.readTree(ok("dead", "list", "--topic", topic, "--json").out());
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("reason").asText()).isEqualTo("task-exception");
    }

    @Test
    void eventsWithoutRegistrationAreListedUnderEvents() throws Exception {
        ebats.startScheduler(new EventManager().register("order_paied", "virtualShipping", topic));
        String eventId = ok("publish", "nobody_listens").out().strip();

        await().atMost(WAIT).until(() -> ebats.status(List.of(topic)).unregisteredEvents() == 1);
        JsonNode listed = JSON.readTree(ok("dead", "list", "--events", "--json").out());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(eventId);
        assertThat(listed.get(0).get("reason").asText()).isEqualTo("no-registration");
    }

    @Test
    void flagsWinOverEnvironmentAndFile() {
        CliRunner wrongEnvironment = new CliRunner(Map.of("EBATS_BROKER_URI", "amqp://guest:guest@127.0.0.1:1",
                "EBATS_NAMESPACE", "elsewhere"), dir);

        CliRunner.Result result = wrongEnvironment.run("task", topic, "diag.noop", "--broker", TestBroker.URI,
                "--namespace", broker.namespace);

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(ebats.status(List.of(topic)).topics().get(0).ready()).isEqualTo(1);
    }

    @Test
    void dashboardOnAPortThatWasAskedForAndIsTakenIsAnErrorNamingTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DashboardServing serving = DashboardServing.of(DashboardDefaults.defaults(),
                    taken.getLocalPort(), null, "--port");

            assertThatThrownBy(() -> serving.start(ebats, Dashboard.Options.builder()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()))
                    .hasMessageEndingWith("; give another port with --port");
        }
    }

    @Test
    void dashboardFallsBackToAFreePortWhenTheDefaultOneIsTaken() throws Exception {
        ServerSocket holder = null;
        try {
            holder = new ServerSocket(Dashboard.Options.DEFAULT_PORT, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            // taken by someone else already: just as good
        }
        DashboardServing serving = DashboardServing.of(DashboardDefaults.defaults(), null, null, "--port");
        try (Dashboard dashboard = serving.start(ebats, Dashboard.Options.builder())) {
            assertThat(dashboard.address().getPort()).isNotEqualTo(Dashboard.Options.DEFAULT_PORT);
            assertThat(serving.line(dashboard)).startsWith("dashboard: " + dashboard.link())
                    .endsWith("(port 8080 is taken)");
            assertThat(DashboardProbe.status(dashboard.link(), "/metrics")).isLessThan(500);
        } finally {
            if (holder != null) {
                holder.close();
            }
        }
    }
}
