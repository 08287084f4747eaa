package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebats.Attempt;
import io.ebats.Outcome;
import io.ebats.TaskException;
import io.ebats.store.HistorySettings;
import io.ebats.store.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ebats history} over a history written by the store itself: no broker needed. */
class HistoryCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofMinutes(30));

    @TempDir
    Path dir;

    private CliRunner.Result ok(Map<String, String> env, String... args) {
        CliRunner.Result result = new CliRunner(env, dir).run(args);
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString()).isEmpty();
        return result;
    }

    private CliRunner.Result ok(String... args) {
        return ok(Map.of(), args);
    }

    private static Attempt attempt(String taskId, String task, Outcome outcome, int n, Instant startedAt,
                                   Throwable error) {
        return new Attempt("demo", taskId, task, "{\"order_id\":\"FB1\",\"password\":\"hunter2\"}",
                Duration.ofMillis(7), outcome, error == null ? "ok" : error.getMessage(), n, "event-1", startedAt,
                error, null);
    }

    /** Three attempts of one flaky task and a failed one, in the store of {@code settings}. */
    private static void record(HistorySettings.Builder settings) {
        try (HistoryStore store = HistoryStore.open(settings.build())) {
            store.onAttempt(attempt("flaky-1", "diag.flaky", Outcome.RETRYING, 1, T0, new IllegalStateException("x")));
            store.onAttempt(attempt("flaky-1", "diag.flaky", Outcome.RETRYING, 2, T0.plusSeconds(1),
                    new IllegalStateException("y")));
            store.onAttempt(attempt("flaky-1", "diag.flaky", Outcome.SUCCEEDED, 3, T0.plusSeconds(2), null));
            store.onAttempt(attempt("fail-1", "diag.fail", Outcome.FAILED, 1, T0.plusSeconds(3),
                    new TaskException("card declined")));
        }
    }

    private void recordUnderTheDefaultDataDir() {
        record(HistorySettings.sqlite(dir.resolve(".ebats").resolve("history")));
    }

    @Test
    void jsonListsTheAttemptsOfATaskNewestFirstWithRedactedParams() throws Exception {
        recordUnderTheDefaultDataDir();

        JsonNode runs = JSON.readTree(ok("history", "--task-id", "flaky-1", "--json").out());

        assertThat(runs).hasSize(3);
        assertThat(runs.findValuesAsText("outcome")).containsExactly("SUCCEEDED", "RETRYING", "RETRYING");
        assertThat(runs.findValuesAsText("attempt")).containsExactly("3", "2", "1");
        JsonNode first = runs.get(2);
        assertThat(first.get("taskName").asText()).isEqualTo("diag.flaky");
        assertThat(first.get("eventId").asText()).isEqualTo("event-1");
        assertThat(first.get("topic").asText()).isEqualTo("demo");
        assertThat(first.get("startedAt").asText()).isEqualTo(T0.toString());
        assertThat(first.get("durationMs").asLong()).isEqualTo(7);
        assertThat(first.get("errorClass").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(first.get("params").asText()).contains("FB1").contains("***").doesNotContain("hunter2");
    }

    @Test
    void tableShowsOneLinePerAttemptWithTheErrorAndHowManyMatch() {
        recordUnderTheDefaultDataDir();

        String out = ok("history", "--outcome", "failed").out();

        assertThat(out.lines().toList()).hasSize(3);
        assertThat(out).startsWith("TIME").contains("TOPIC", "TASK ID", "ATTEMPT", "OUTCOME", "DURATION", "ERROR")
                .containsPattern("demo\\s+diag\\.fail\\s+fail-1\\s+1\\s+FAILED\\s+7ms\\s+TaskException: card declined")
                .contains("1 shown, 1 matching in " + dir.resolve(".ebats").resolve("history"));
    }

    @Test
    void filtersCombineAndLimitCutsTheNewestPage() throws Exception {
        recordUnderTheDefaultDataDir();

        assertThat(JSON.readTree(ok("history", "--task", "diag.flaky", "--outcome", "RETRYING", "--json").out()))
                .hasSize(2);
        assertThat(JSON.readTree(ok("history", "--topic", "demo", "--event-id", "event-1", "--json").out()))
                .hasSize(4);
        assertThat(JSON.readTree(ok("history", "--since", T0.plusSeconds(2).toString(), "--json").out()))
                .extracting(n -> n.get("taskId").asText()).containsExactly("fail-1", "flaky-1");
        assertThat(JSON.readTree(ok("history", "--since", "1d", "--until", T0.plusSeconds(1).toString(), "--json")
                .out())).hasSize(1);
        String newest = ok("history", "--limit", "1").out();
        assertThat(newest.lines()).hasSize(3);
        assertThat(newest).contains("fail-1", "1 shown, 4 matching");
    }

    @Test
    void theMatchingAttemptsAreCountedUpToTwentyTimesTheLimit() {
        Path history = dir.resolve(".ebats").resolve("history");
        try (HistoryStore store = HistoryStore.open(HistorySettings.sqlite(history).build())) {
            for (int i = 0; i < 21; i++) {
                store.onAttempt(attempt("ok-" + i, "diag.ok", Outcome.SUCCEEDED, 1, T0.plusSeconds(i), null));
            }
        }

        assertThat(ok("history", "--limit", "1").out()).contains("1 shown, more than 20 matching");
        assertThat(ok("history", "--limit", "2").out()).contains("2 shown, 21 matching");
    }

    @Test
    void noHistoryYetIsSaidWithoutCreatingADatabase() {
        assertThat(ok("history").out()).isEqualTo("no history yet under " + dir.resolve(".ebats").resolve("history")
                + "\n");
        assertThat(ok("history", "--json").out()).isEqualTo("[]\n");
        assertThat(dir.resolve(".ebats")).doesNotExist();
    }

    @Test
    void dataDirAndTheConfiguredUrlSayWhereTheHistoryIs() throws Exception {
        record(HistorySettings.sqlite(dir.resolve("elsewhere").resolve("history")));
        assertThat(JSON.readTree(ok("history", "--data-dir", "elsewhere", "--json").out())).hasSize(4);

        String url = "jdbc:h2:file:" + dir.resolve("configured").toAbsolutePath() + "/db;AUTO_SERVER=TRUE";
        record(HistorySettings.jdbc(url, "sa", ""));
        Files.writeString(dir.resolve("ebats.yml"), "history:\n  url: '" + url + "'\n  user: sa\n");
        assertThat(JSON.readTree(ok("history", "--task", "diag.fail", "--json").out())).hasSize(1);

        String byEnvironment = "jdbc:h2:file:" + dir.resolve("env").toAbsolutePath() + "/db;AUTO_SERVER=TRUE";
        record(HistorySettings.jdbc(byEnvironment, "ebats", "from-env"));
        assertThat(JSON.readTree(ok(Map.of("EBATS_HISTORY_URL", byEnvironment, "EBATS_HISTORY_USER", "ebats",
                "EBATS_HISTORY_PASSWORD", "from-env"), "history", "--json").out())).hasSize(4);
    }

    @Test
    void wrongDatabasePasswordIsAFailureNamingTheDatabase() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("locked").toAbsolutePath() + "/db";
        record(HistorySettings.jdbc(url, "ebats", "right"));

        CliRunner.Result result = new CliRunner(Map.of("EBATS_HISTORY_URL", url, "EBATS_HISTORY_USER", "ebats",
                "EBATS_HISTORY_PASSWORD", "wrong"), dir).run("history");

        assertThat(result.code()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).startsWith("ebats: cannot open the history database " + url)
                .doesNotContain("wrong");
        assertThat(result.out()).isEmpty();
    }
}
