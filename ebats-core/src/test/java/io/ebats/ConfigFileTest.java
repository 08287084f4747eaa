package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("ebats.yml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void fullExampleIsReadIntoSettingsRegistrationsAndWorkerDefaults() throws IOException {
        ConfigFile file = ConfigFile.load(write("""
                broker:
                  uri: amqp://rabbit.example:5673/prod
                  username: shop
                  password: s3cret
                  heartbeat: 15s
                  connectionTimeout: 3s
                  tls: true
                  verifyPeer: false
                namespace: shop
                queueType: classic
                delayLevels: 30
                publishTimeout: 2500ms
                maxMessageBytes: 65536
                events:
                  order_create:
                    - { task: closeOrder, topic: demo, delay: 10s }
                  order_paied:
                    - { task: virtualShipping, topic: demo, retry: { maxAttempts: 3, initialBackoff: 2s } }
                    - { task: sendSms, topic: sms }
                worker:
                  topics: [demo, sms]
                  concurrency: 8
                  timeout: 5m
                """));

        EbatsConfig config = file.config();
        assertThat(config.broker().uri()).isEqualTo("amqp://rabbit.example:5673/prod");
        assertThat(config.broker().username()).isEqualTo("shop");
        assertThat(config.broker().password()).isEqualTo("s3cret");
        assertThat(config.broker().heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.broker().connectionTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.broker().tls()).isTrue();
        assertThat(config.broker().verifyPeer()).isFalse();
        assertThat(config.namespace()).isEqualTo("shop");
        assertThat(config.queueType()).isEqualTo(QueueType.CLASSIC);
        assertThat(config.delayLevels()).isEqualTo(30);
        assertThat(config.publishTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.maxMessageBytes()).isEqualTo(65536);
        assertThat(file.registrations()).containsExactly(
                new Registration("order_create", "closeOrder", "demo", Duration.ofSeconds(10), null),
                new Registration("order_paied", "virtualShipping", "demo", Duration.ZERO,
                        RetryPolicy.DEFAULT.withMaxAttempts(3).withBackoff(Duration.ofSeconds(2),
                                RetryPolicy.DEFAULT_MAX_BACKOFF)),
                new Registration("order_paied", "sendSms", "sms"));
        assertThat(file.worker()).isEqualTo(new ConfigFile.WorkerDefaults(List.of("demo", "sms"), 8,
                Duration.ofMinutes(5)));
        assertThat(file.eventManager().tasksFor("order_paied")).extracting(Registration::task)
                .containsExactly("virtualShipping", "sendSms");
    }

    @Test
    void addressesOfAClusterAreRead() throws IOException {
        ConfigFile file = ConfigFile.load(write("""
                broker:
                  addresses: [node1:5672, node2:5672, node3]
                  vhost: shop
                """));

        assertThat(file.config().broker().uri()).isNull();
        assertThat(file.config().broker().addresses()).containsExactly("node1:5672", "node2:5672", "node3");
        assertThat(file.config().broker().virtualHost()).isEqualTo("shop");
    }

    @Test
    void emptyFileMeansDefaults() throws IOException {
        ConfigFile file = ConfigFile.load(write(""));

        assertThat(file).isEqualTo(ConfigFile.empty());
        assertThat(file.config()).isEqualTo(EbatsConfig.defaults());
    }

    @Test
    void unknownTopLevelKeyIsAnErrorNamingTheKeyAndTheFile() throws IOException {
        Path path = write("namespcae: shop\n");

        assertThatThrownBy(() -> ConfigFile.load(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(path.toString())
                .hasMessageContaining("unknown key 'namespcae' in the top level")
                .hasMessageContaining("namespace");
    }

    @Test
    void unknownNestedKeyIsAnErrorNamingTheKeyAndWhereItIs() throws IOException {
        assertThatThrownBy(() -> ConfigFile.load(write("""
                events:
                  order_create:
                    - { task: closeOrder, topic: demo, dealy: 10s }
                """)))
                .hasMessageContaining("unknown key 'dealy' in events.order_create[0]");
        assertThatThrownBy(() -> ConfigFile.load(write("broker: { url: amqp://x }\n")))
                .hasMessageContaining("unknown key 'url' in broker");
        assertThatThrownBy(() -> ConfigFile.load(write("worker: { threads: 3 }\n")))
                .hasMessageContaining("unknown key 'threads' in worker");
    }

    @Test
    void badDurationIsAnErrorNamingTheFieldWhereItIsAndTheValue() throws IOException {
        Path path = write("""
                events:
                  order_create:
                    - { task: closeOrder, topic: demo, delay: soon }
                """);

        assertThatThrownBy(() -> ConfigFile.load(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(path.toString())
                .hasMessageContaining("events.order_create[0]")
                .hasMessageContaining("delay must be a duration like 10s, 500ms or 2h, was 'soon'");
        assertThatThrownBy(() -> ConfigFile.load(write("publishTimeout: 2 weeks\n")))
                .hasMessageContaining("publishTimeout must be a duration like 10s, 500ms or 2h, was '2 weeks'");
        assertThatThrownBy(() -> ConfigFile.load(write("worker: { timeout: forever }\n")))
                .hasMessageContaining("timeout must be a duration")
                .hasMessageContaining("'forever'");
    }

    @Test
    void otherBadValuesAreErrorsThatSayWhatIsWrong() throws IOException {
        assertThatThrownBy(() -> ConfigFile.load(write("queueType: fast\n")))
                .hasMessageContaining("queueType must be quorum or classic, was 'fast'");
        assertThatThrownBy(() -> ConfigFile.load(write("delayLevels: many\n")))
                .hasMessageContaining("delayLevels must be a whole number");
        assertThatThrownBy(() -> ConfigFile.load(write("delayLevels: 50\n")))
                .hasMessageContaining("delayLevels must be between 1 and 42, was 50");
        assertThatThrownBy(() -> ConfigFile.load(write("broker: { tls: maybe }\n")))
                .hasMessageContaining("tls must be true or false");
        assertThatThrownBy(() -> ConfigFile.load(write("events: { e: [ { topic: demo } ] }\n")))
                .hasMessageContaining("events.e[0] needs 'task'");
        assertThatThrownBy(() -> ConfigFile.load(write("events: { e: [ { task: t, topic: 'demo.*' } ] }\n")))
                .hasMessageContaining("events.e[0]")
                .hasMessageContaining("topic name must not contain the AMQP wildcard '*'");
        assertThatThrownBy(() -> ConfigFile.load(write("events: { e: { task: t } }\n")))
                .hasMessageContaining("events.e must be a list");
        assertThatThrownBy(() -> ConfigFile.load(write("events: { e: [ { task: t, topic: d, retry: { maxAttempts: 0 } } ] }\n")))
                .hasMessageContaining("events.e[0]")
                .hasMessageContaining("maxAttempts must be at least 1, was 0");
        assertThatThrownBy(() -> ConfigFile.load(write("worker: { concurrency: 0 }\n")))
                .hasMessageContaining("worker.concurrency must be at least 1, was 0");
        assertThatThrownBy(() -> ConfigFile.load(write("- just\n- a list\n")))
                .hasMessageContaining("the top level must be a mapping");
    }

    @Test
    void invalidYamlIsAnErrorNamingTheFile() throws IOException {
        Path path = write("events: [unclosed\n");

        assertThatThrownBy(() -> ConfigFile.load(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(path + " is not valid YAML");
    }

    @Test
    void missingFileIsAnUncheckedIoError() {
        assertThatThrownBy(() -> ConfigFile.load(dir.resolve("missing.yml")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing.yml");
    }

    @Test
    void duplicateRegistrationInTheFileIsRefusedByTheEventManager() throws IOException {
        ConfigFile file = ConfigFile.load(write("""
                events:
                  e:
                    - { task: t, topic: demo }
                    - { task: t, topic: demo, delay: 1s }
                """));

        assertThatThrownBy(file::eventManager).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered");
    }

    @Test
    void theShippedExampleFileIsValid() {
        ConfigFile file = ConfigFile.load(Path.of("..", "ebats.yml"));

        assertThat(file.registrations()).isNotEmpty();
        assertThat(file.history()).isEqualTo(ConfigFile.HistoryDefaults.defaults());
        assertThat(file.dashboard()).isEqualTo(ConfigFile.DashboardDefaults.defaults());
    }

    @Test
    void historyAndDashboardSectionsAreRead() throws IOException {
        ConfigFile file = ConfigFile.load(write("""
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

        assertThat(file.history()).isEqualTo(new ConfigFile.HistoryDefaults(false,
                "jdbc:postgresql://db.example/ebats", "ebats", Duration.ofDays(7), Set.of("card_number", "cvv")));
        assertThat(file.dashboard()).isEqualTo(new ConfigFile.DashboardDefaults(false, "0.0.0.0", 9090,
                "0123456789abcdef0123"));
        assertThat(file.dashboard().toString()).doesNotContain("0123456789abcdef0123");
    }

    @Test
    void historyAndDashboardDefaultToH2UnderTheDataDirectoryAnd8080() throws IOException {
        ConfigFile file = ConfigFile.load(write("namespace: shop\n"));

        assertThat(file.history().enabled()).isTrue();
        assertThat(file.history().url()).isNull();
        assertThat(file.history().user()).isNull();
        assertThat(file.history().retention()).isEqualTo(Duration.ofDays(30));
        assertThat(file.history().redact()).containsExactlyInAnyOrder("password", "token", "secret",
                "authorization", "api_key");
        assertThat(file.dashboard()).isEqualTo(new ConfigFile.DashboardDefaults(true, "127.0.0.1", null, null));
        assertThat(ConfigFile.load(write("history: { redact: [] }\n")).history().redact()).isEmpty();
        assertThat(ConfigFile.load(write("dashboard: { port: 0 }\n")).dashboard().port()).isZero();
    }

    @Test
    void historyPasswordInTheFileIsRefusedNamingTheVariable() throws IOException {
        assertThatThrownBy(() -> ConfigFile.load(write("history: { url: 'jdbc:h2:mem:x', password: s3cret }\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("history.password is never read from the file: set EBATS_HISTORY_PASSWORD")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void badHistoryAndDashboardValuesAreErrorsNamingTheField() throws IOException {
        assertThatThrownBy(() -> ConfigFile.load(write("history: { path: x }\n")))
                .hasMessageContaining("unknown key 'path' in history");
        assertThatThrownBy(() -> ConfigFile.load(write("dashboard: { host: x }\n")))
                .hasMessageContaining("unknown key 'host' in dashboard");
        assertThatThrownBy(() -> ConfigFile.load(write("history: { url: 'postgres://db/x' }\n")))
                .hasMessageContaining("history.url must be a JDBC URL");
        assertThatThrownBy(() -> ConfigFile.load(write("history: { retention: a month }\n")))
                .hasMessageContaining("history.retention must be a duration");
        assertThatThrownBy(() -> ConfigFile.load(write("history: { redact: password }\n")))
                .hasMessageContaining("history.redact must be a list");
        assertThatThrownBy(() -> ConfigFile.load(write("history: { enabled: sometimes }\n")))
                .hasMessageContaining("history.enabled must be true or false");
        assertThatThrownBy(() -> ConfigFile.load(write("dashboard: { port: 70000 }\n")))
                .hasMessageContaining("dashboard.port must be 0..65535, was 70000");
        assertThatThrownBy(() -> ConfigFile.load(write("dashboard: { port: http }\n")))
                .hasMessageContaining("dashboard.port must be a whole number");
        assertThatThrownBy(() -> ConfigFile.load(write("dashboard: { token: short }\n")))
                .hasMessageContaining("dashboard.token must be at least 16 characters long")
                .hasMessageNotContaining("short");
    }

    @Test
    void environmentOverridesHistoryLocationAndDashboardToken() {
        Map<String, String> env = Map.of("EBATS_HISTORY_URL", "jdbc:postgresql://env/ebats",
                "EBATS_HISTORY_USER", "env-user", "EBATS_DASHBOARD_TOKEN", "from-the-environment-1234");

        ConfigFile.HistoryDefaults history = ConfigFile.HistoryDefaults.defaults().withEnvironment(env);
        ConfigFile.DashboardDefaults dashboard = ConfigFile.DashboardDefaults.defaults().withEnvironment(env);

        assertThat(history.url()).isEqualTo("jdbc:postgresql://env/ebats");
        assertThat(history.user()).isEqualTo("env-user");
        assertThat(dashboard.token()).isEqualTo("from-the-environment-1234");
        assertThat(ConfigFile.HistoryDefaults.defaults().withEnvironment(Map.of("EBATS_HISTORY_URL", " ")))
                .isEqualTo(ConfigFile.HistoryDefaults.defaults());
        assertThatThrownBy(() -> ConfigFile.DashboardDefaults.defaults()
                .withEnvironment(Map.of("EBATS_DASHBOARD_TOKEN", "abc")))
                .hasMessageContaining("EBATS_DASHBOARD_TOKEN must be at least 16 characters long");
    }
}
