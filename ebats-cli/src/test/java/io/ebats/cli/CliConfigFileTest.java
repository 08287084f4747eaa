package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebats.UniqueKey;
import io.ebats.Worker;
import io.ebats.store.HistorySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigFileTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("ebats.yml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void workerSectionIsReadBesideTheEngineSettings() throws IOException {
        CliConfigFile file = CliConfigFile.load(write("""
                namespace: shop
                events:
                  order_create:
                    - { task: closeOrder, topic: demo, delay: 10s }
                worker:
                  topics: [demo, sms]
                  concurrency: 8
                  timeout: 5m
                """));

        assertThat(file.engine().config().namespace()).isEqualTo("shop");
        assertThat(file.engine().registrations()).hasSize(1);
        assertThat(file.worker()).isEqualTo(new WorkerDefaults(List.of("demo", "sms"), 8, Duration.ofMinutes(5)));
    }

    @Test
    void defaultsAreThoseOfTheirOwners() throws IOException {
        CliConfigFile file = CliConfigFile.load(write("namespace: shop\n"));

        assertThat(file.worker().concurrency()).isEqualTo(Worker.Builder.DEFAULT_CONCURRENCY).isEqualTo(16);
        assertThat(file.worker().timeout()).isEqualTo(Worker.Builder.DEFAULT_HANDLER_TIMEOUT)
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(file.history().retention()).isEqualTo(HistorySettings.DEFAULT_RETENTION);
        assertThat(file.history().redact()).isEqualTo(HistorySettings.DEFAULT_REDACTED_KEYS);
        assertThat(CliConfigFile.empty()).isEqualTo(CliConfigFile.load(write("")));
    }

    @Test
    void theShippedExampleFileIsValid() {
        CliConfigFile file = CliConfigFile.load(Path.of("..", "ebats.yml"));

        assertThat(file.engine().registrations()).isNotEmpty();
        assertThat(file.history()).isEqualTo(HistoryDefaults.defaults());
        assertThat(file.dashboard()).isEqualTo(DashboardDefaults.defaults());
    }

    @Test
    void theConfigurationShownInTheReadmeIsValid() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));

        CliConfigFile file = CliConfigFile.load(write(yaml));

        assertThat(file.engine().registrations()).hasSize(3);
        assertThat(file.engine().registrations().get(2).unique())
                .isEqualTo(UniqueKey.template("order:{order_id}", Duration.ofMinutes(10)));
        assertThat(file.history().url()).isEqualTo("jdbc:postgresql://db/ebats");
    }

    @Test
    void historyAndDashboardSectionsAreRead() throws IOException {
        CliConfigFile file = CliConfigFile.load(write("""
                history:
                  enabled: false
                  url: jdbc:postgresql://db.example/ebats
                  user: ebats
                  retention: 7d
                  redact: [card_number, cvv]
                dashboard:
                  enabled: false
                  bind: 0.0.0.0
                  port: 9090
                  token: 0123456789abcdef0123
                """));

        assertThat(file.history()).isEqualTo(new HistoryDefaults(false,
                "jdbc:postgresql://db.example/ebats", "ebats", Duration.ofDays(7), Set.of("card_number", "cvv")));
        assertThat(file.dashboard()).isEqualTo(new DashboardDefaults(false, "0.0.0.0", 9090,
                "0123456789abcdef0123"));
        assertThat(file.dashboard().toString()).doesNotContain("0123456789abcdef0123");
    }

    @Test
    void historyAndDashboardDefaultToSqliteUnderTheDataDirectoryAnd8080() throws IOException {
        CliConfigFile file = CliConfigFile.load(write("namespace: shop\n"));

        assertThat(file.history().enabled()).isTrue();
        assertThat(file.history().url()).isNull();
        assertThat(file.history().user()).isNull();
        assertThat(file.history().retention()).isEqualTo(Duration.ofDays(30));
        assertThat(file.history().redact()).containsExactlyInAnyOrder("password", "token", "secret",
                "authorization", "api_key");
        assertThat(file.dashboard()).isEqualTo(new DashboardDefaults(true, "127.0.0.1", null, null));
        assertThat(CliConfigFile.load(write("history: { redact: [] }\n")).history().redact()).isEmpty();
        assertThat(CliConfigFile.load(write("dashboard: { port: 0 }\n")).dashboard().port()).isZero();
    }

    @Test
    void historyPasswordInTheFileIsRefusedNamingTheVariable() throws IOException {
        assertThatThrownBy(() -> CliConfigFile.load(write("history: { url: 'jdbc:h2:mem:x', password: s3cret }\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("history.password is never read from the file: set EBATS_HISTORY_PASSWORD")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void unknownKeysOfTheCommandLinesSectionsNameTheNearestKnownOne() throws IOException {
        Path path = write("worker: { topcs: [demo] }\n");

        assertThatThrownBy(() -> CliConfigFile.load(path))
                .hasMessage(path + ": unknown key worker.topcs (did you mean worker.topics?)");
        assertThatThrownBy(() -> CliConfigFile.load(write("worker: { threads: 3 }\n")))
                .hasMessageContaining("unknown key worker.threads (known keys: concurrency, timeout, topics)");
        assertThatThrownBy(() -> CliConfigFile.load(write("history: { path: x }\n")))
                .hasMessageContaining("unknown key history.path");
        assertThatThrownBy(() -> CliConfigFile.load(write("dashboard: { host: x }\n")))
                .hasMessageContaining("unknown key dashboard.host");
        assertThatThrownBy(() -> CliConfigFile.load(write("dashbaord: { port: 1 }\n")))
                .hasMessageContaining("unknown key dashbaord (did you mean dashboard?)");
    }

    @Test
    void badValuesAreErrorsNamingTheFileThePathAndTheValue() throws IOException {
        Path path = write("worker: { concurrency: 0 }\n");
        assertThatThrownBy(() -> CliConfigFile.load(path))
                .hasMessage(path + ": worker.concurrency must be at least 1, was 0");
        assertThatThrownBy(() -> CliConfigFile.load(write("worker: { timeout: forever }\n")))
                .hasMessageContaining("worker.timeout must be a duration like 10s, 500ms or 2h, was 'forever'");
        assertThatThrownBy(() -> CliConfigFile.load(write("worker: { topics: [demo, 'a b'] }\n")))
                .hasMessageContaining("worker.topics[1]: topic name must not contain whitespace: 'a b'");
        assertThatThrownBy(() -> CliConfigFile.load(write("history: { url: 'postgres://db/x' }\n")))
                .hasMessageContaining("history.url must be a JDBC URL such as jdbc:postgresql://host/db,"
                        + " was \"postgres://db/x\"");
        assertThatThrownBy(() -> CliConfigFile.load(write("history: { retention: a month }\n")))
                .hasMessageContaining("history.retention must be a duration");
        assertThatThrownBy(() -> CliConfigFile.load(write("history: { retention: 0s }\n")))
                .hasMessageContaining("history.retention must be positive, was \"0s\"");
        assertThatThrownBy(() -> CliConfigFile.load(write("history: { redact: password }\n")))
                .hasMessageContaining("history.redact must be a list, was \"password\"");
        assertThatThrownBy(() -> CliConfigFile.load(write("history: { redact: [card, ' '] }\n")))
                .hasMessageContaining("history.redact[1] must be a param key, was \" \"");
        assertThatThrownBy(() -> CliConfigFile.load(write("history: { enabled: sometimes }\n")))
                .hasMessageContaining("history.enabled must be true or false, was \"sometimes\"");
        assertThatThrownBy(() -> CliConfigFile.load(write("dashboard: { port: 70000 }\n")))
                .hasMessageContaining("dashboard.port must be 0..65535, was 70000");
        assertThatThrownBy(() -> CliConfigFile.load(write("dashboard: { port: http }\n")))
                .hasMessageContaining("dashboard.port must be a whole number, was \"http\"");
        assertThatThrownBy(() -> CliConfigFile.load(write("dashboard: { token: short }\n")))
                .hasMessageContaining("dashboard.token must be at least 16 characters long")
                .hasMessageNotContaining("short");
    }

    @Test
    void environmentOverridesHistoryLocationAndDashboardToken() {
        Map<String, String> env = Map.of("EBATS_HISTORY_URL", "jdbc:postgresql://env/ebats",
                "EBATS_HISTORY_USER", "env-user", "EBATS_DASHBOARD_TOKEN", "from-the-environment-1234");

        HistoryDefaults history = HistoryDefaults.defaults().withEnvironment(env);
        DashboardDefaults dashboard = DashboardDefaults.defaults().withEnvironment(env);

        assertThat(history.url()).isEqualTo("jdbc:postgresql://env/ebats");
        assertThat(history.user()).isEqualTo("env-user");
        assertThat(dashboard.token()).isEqualTo("from-the-environment-1234");
        assertThat(HistoryDefaults.defaults().withEnvironment(Map.of("EBATS_HISTORY_URL", " ")))
                .isEqualTo(HistoryDefaults.defaults());
        assertThatThrownBy(() -> HistoryDefaults.defaults().withEnvironment(Map.of("EBATS_HISTORY_URL", "db")))
                .hasMessage("EBATS_HISTORY_URL must be a JDBC URL such as jdbc:postgresql://host/db, was 'db'");
        assertThatThrownBy(() -> DashboardDefaults.defaults()
                .withEnvironment(Map.of("EBATS_DASHBOARD_TOKEN", "abc")))
                .hasMessageContaining("EBATS_DASHBOARD_TOKEN must be at least 16 characters long");
    }
}
