package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageErrorsTest {

    @TempDir
    Path dir;

    private CliRunner cli() {
        return new CliRunner(Map.of(), dir);
    }

    /** Exactly one line on stderr, {@code ebats: ...}, nothing on stdout. */
    private CliRunner.Result fails(int code, String... args) {
        CliRunner.Result result = cli().run(args);
        assertThat(result.code()).as(result.toString()).isEqualTo(code);
        assertThat(result.err().lines()).as(result.toString()).hasSize(1);
        assertThat(result.err()).startsWith("ebats: ");
        assertThat(result.out()).isEmpty();
        return result;
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(fails(2, "frobnicate").err()).contains("'frobnicate'");
    }

    @Test
    void mistypedCommandSuggestsTheRightOne() {
        assertThat(fails(2, "publsh", "x").err()).contains("did you mean publish");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(fails(2, "publish", "x", "--bogus").err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void missingCommandIsAUsageError() {
        assertThat(fails(2).err()).contains("missing command");
        assertThat(fails(2, "dead").err()).contains("missing subcommand");
    }

    @Test
    void wildcardInAnEventNameIsRefusedBeforeConnecting() {
        assertThat(fails(2, "publish", "order.*", "--broker", "amqp://guest:guest@127.0.0.1:1").err())
                .isEqualTo("ebats: event name must not contain the AMQP wildcard '*': order.*\n");
    }

    @Test
    void unknownBenchScenarioIsRefusedWithTheKnownOnes() {
        assertThat(fails(2, "bench", "--scenario", "fanout,burst").err()).startsWith("ebats: scenario must be "
                + "baseline, direct, history, tracing, events, fanout, delay or all, was 'burst'");
    }

    @Test
    void aHistoryUrlThatIsNotJdbcIsRefusedByBothBenchmarks() {
        for (String command : new String[] {"bench", "bench-store"}) {
            assertThat(fails(2, command, "--history-url", "postgresql://127.0.0.1/test").err()).as(command)
                    .startsWith("ebats: history database URL must start with jdbc:, was 'postgresql://127.0.0.1/test'");
        }
    }

    @Test
    void wildcardInATopicIsRefused() {
        assertThat(fails(2, "task", "de#mo", "diag.noop").err()).contains("topic name must not contain");
    }

    @Test
    void malformedJsonIsAUsageError() {
        assertThat(fails(2, "publish", "order_paied", "--json", "{\"order_id\": ").err())
                .contains("--json is not valid JSON");
        assertThat(fails(2, "publish", "order_paied", "--json", "{\"a\": 1} trailing").err())
                .contains("--json is not valid JSON");
    }

    @Test
    void jsonThatIsNotAnObjectIsRefused() {
        assertThat(fails(2, "task", "demo", "diag.noop", "--json", "[1, 2]").err())
                .contains("--json must be a JSON object");
    }

    @Test
    void paramWithoutEqualsSignIsRefused() {
        assertThat(fails(2, "publish", "order_paied", "--param", "order_id").err()).contains("KEY=VALUE");
    }

    @Test
    void badDurationIsAUsageError() {
        assertThat(fails(2, "task", "demo", "diag.noop", "--delay", "soon").err())
                .contains("'soon' is not a duration");
    }

    @Test
    void badBrokerUriIsAUsageError() {
        assertThat(fails(2, "publish", "order_paied", "--broker", "http://localhost").err())
                .contains("--broker must start with amqp:// or amqps://, was http://localhost");
    }

    @Test
    void unreachableBrokerIsARuntimeFailureWithoutStackTrace() {
        assertThat(fails(1, "publish", "order_paied", "--broker", "amqp://guest:guest@127.0.0.1:1").err())
                .contains("cannot connect to the broker at amqp://127.0.0.1:1")
                .doesNotContain("guest");
    }

    @Test
    void verbosePrintsTheStackTrace() {
        CliRunner.Result result = cli().run("publish", "order_paied", "--verbose",
                "--broker", "amqp://guest:guest@127.0.0.1:1");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("ebats: cannot connect").contains("\tat ");
    }

    @Test
    void missingConfigFileIsAUsageError() {
        assertThat(fails(2, "status", "--config", "nowhere.yml").err()).contains("nowhere.yml does not exist");
    }

    @Test
    void invalidConfigFileNamesTheField() throws Exception {
        Files.writeString(dir.resolve("ebats.yml"), "namespace: demo\nworkers: {}\n");
        assertThat(fails(2, "status").err()).contains("unknown key workers (did you mean worker?)");
    }

    @Test
    void replayingEverythingNeedsAll() {
        assertThat(fails(2, "dead", "replay", "--topic", "demo").err())
                .contains("refusing to replay every dead letter of topic demo");
        assertThat(fails(2, "dead", "purge", "--topic", "demo").err())
                .contains("refusing to purge every dead letter");
    }

    @Test
    void deadLettersNeedExactlyOneQueue() {
        assertThat(fails(2, "dead", "list").err()).contains("--topic TOPIC, --events or --queue QUEUE");
        assertThat(fails(2, "dead", "list", "--topic", "demo", "--events").err()).contains("only one of");
    }

    @Test
    void malformedRegistrationIsAUsageError() {
        assertThat(fails(2, "scheduler", "--register", "order_create:closeOrder").err())
                .contains("EVENT:TASK:TOPIC[:DELAY]");
        assertThat(fails(2, "scheduler", "--register", "order_create:closeOrder:demo:later").err())
                .contains("must be a duration");
    }

    @Test
    void workerWithoutTopicSaysWhereToGiveOne() {
        assertThat(fails(2, "worker").err()).contains("give --topic TOPIC or worker.topics");
    }

    @Test
    void unknownHandlerClassIsAUsageError() {
        assertThat(fails(2, "worker", "--topic", "demo", "--handlers", "com.example.Missing").err())
                .contains("handler class com.example.Missing not found");
    }

    @Test
    void badHistoryFiltersAreUsageErrorsNamingTheOption() {
        assertThat(fails(2, "history", "--outcome", "LOST").err())
                .contains("'--outcome'", "'LOST' is not an outcome", "SUCCEEDED, RETRYING, FAILED, DEAD");
        assertThat(fails(2, "history", "--since", "last week").err())
                .contains("'--since'", "'last week' is not a time");
        assertThat(fails(2, "history", "--until", "2026-02-30").err()).contains("'--until'");
        assertThat(fails(2, "history", "--limit", "0").err()).contains("--limit must be at least 1, was 0");
        assertThat(fails(2, "history", "--limit", "many").err()).contains("'--limit'");
    }

    @Test
    void dashboardPortOutOfRangeIsRefusedBeforeStarting() {
        assertThat(fails(2, "up", "--dashboard-port", "70000").err())
                .contains("--dashboard-port must be 0..65535, was 70000");
        assertThat(fails(2, "dashboard", "--port", "-1").err()).contains("--port must be 0..65535, was -1");
    }

    @Test
    void aBadJsonLineIsAUsageErrorNamingItsLineBeforeAnythingIsSent() throws Exception {
        Path lines = Files.writeString(dir.resolve("tasks.jsonl"), "{\"n\": 1}\n[1, 2]\n");
        String unreachable = "amqp://guest:guest@127.0.0.1:1";

        assertThat(fails(2, "task", "demo", "t", "--json-lines", lines.toString(), "--broker", unreachable).err())
                .contains(lines + ":2 must be a JSON object");
        assertThat(fails(2, "task", "demo", "t", "--json-lines", lines.toString(), "--id", "x").err())
                .contains("--json, --param and --id do not go with it");
        assertThat(fails(2, "task", "demo", "t", "--json-lines", "missing.jsonl").err())
                .contains("--json-lines missing.jsonl: no such file");
    }

    @Test
    void overlapSkipWithTheHistoryOffIsRefusedBeforeConnecting() throws Exception {
        Files.writeString(dir.resolve("ebats.yml"), """
                history: { enabled: false }
                schedules:
                  report: { every: 1m, task: { topic: reports, name: daily }, overlap: skip }
                """);
        for (String command : List.of("scheduler", "up")) {
            assertThat(fails(2, command).err()).as(command).contains("schedules.report.overlap: skip asks the history "
                    + "whether the previous fire's task settled, and the history is off (history.enabled: false)");
        }
        assertThat(fails(2, "up", "--no-history").err()).contains("the history is off");
    }

    @Test
    void aUniqueKeyOnARegistrationWithTheHistoryOffIsRefusedBeforeConnecting() throws Exception {
        Files.writeString(dir.resolve("ebats.yml"), """
                history: { enabled: false }
                events:
                  order_create:
                    - { task: closeOrder, topic: demo, delay: 10s }
                  order_paied:
                    - { task: virtualShipping, topic: demo }
                    - { task: ship, topic: demo, unique: { key: "order:{order_id}", for: 10m } }
                broker: { uri: "amqp://guest:guest@127.0.0.1:1" }
                """);
        for (String command : List.of("scheduler", "up")) {
            assertThat(fails(2, command).err()).as(command).startsWith("ebats: events.order_paied[1].unique needs "
                    + "the history database, which holds the unique keys, and the history is off (history.enabled: "
                    + "false)");
        }
        Files.writeString(dir.resolve("ebats.yml"), """
                events:
                  order_paied: [ { task: ship, topic: demo, unique: { key: "order:{order_id}" } } ]
                broker: { uri: "amqp://guest:guest@127.0.0.1:1" }
                """);
        assertThat(fails(2, "up", "--no-history").err()).contains("events.order_paied[0].unique needs the history "
                + "database").contains("the history is off (--no-history)");
    }

    @Test
    void historyPasswordInTheConfigFileIsRefused() throws Exception {
        Files.writeString(dir.resolve("ebats.yml"), "history:\n  password: s3cret\n");
        assertThat(fails(2, "history").err()).contains("set EBATS_HISTORY_PASSWORD").doesNotContain("s3cret");
    }

    @Test
    void shortDashboardTokenIsRefused() {
        CliRunner.Result result = new CliRunner(Map.of("EBATS_DASHBOARD_TOKEN", "abc"), dir)
                .run("dashboard", "--broker", "amqp://guest:guest@127.0.0.1:1");
        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("EBATS_DASHBOARD_TOKEN must be at least 16 characters long");
    }

    @Test
    void helpAndVersionGoToStdout() {
        CliRunner.Result help = cli().run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("publish", "worker", "scheduler", "up", "dead", "status", "task", "history",
                "dashboard");
        CliRunner.Result version = cli().run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("ebats ");
        CliRunner.Result deadHelp = cli().run("dead", "replay", "--help");
        assertThat(deadHelp.out()).contains("--all", "--topic", "--broker", "--namespace");
        assertThat(cli().run("up", "--help").out()).contains("--no-history", "--no-dashboard", "--dashboard-port");
        assertThat(cli().run("worker", "--help").out()).contains("--no-history", "--data-dir");
        assertThat(cli().run("dashboard", "--help").out()).contains("--port", "--bind", "--data-dir");
    }
}
