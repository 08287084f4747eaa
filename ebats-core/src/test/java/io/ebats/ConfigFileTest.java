package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    void fullExampleIsReadIntoSettingsAndRegistrations() throws IOException {
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
                delayLadder: shop.ladder
                publishTimeout: 2500ms
                maxMessageBytes: 65536
                events:
                  order_create:
                    - { task: closeOrder, topic: demo, delay: 10s }
                  order_paied:
                    - { task: virtualShipping, topic: demo, retry: { maxAttempts: 3, initialBackoff: 2s } }
                    - { task: sendSms, topic: sms }
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
        assertThat(config.delayLadder()).isEqualTo("shop.ladder");
        assertThat(config.publishTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.maxMessageBytes()).isEqualTo(65536);
        assertThat(file.registrations()).containsExactly(
                new Registration("order_create", "closeOrder", "demo", Duration.ofSeconds(10), null),
                new Registration("order_paied", "virtualShipping", "demo", Duration.ZERO,
                        RetryPolicy.DEFAULT.withMaxAttempts(3).withBackoff(Duration.ofSeconds(2),
                                RetryPolicy.DEFAULT_MAX_BACKOFF)),
                new Registration("order_paied", "sendSms", "sms"));
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
                .hasMessageContaining("unknown key namespcae (did you mean namespace?)");
    }

    @Test
    void unknownNestedKeyIsAnErrorNamingTheKeyAndWhereItIs() throws IOException {
        assertThatThrownBy(() -> ConfigFile.load(write("""
                events:
                  order_create:
                    - { task: closeOrder, topic: demo, dealy: 10s }
                """)))
                .hasMessageContaining("unknown key events.order_create[0].dealy"
                        + " (did you mean events.order_create[0].delay?)");
        assertThatThrownBy(() -> ConfigFile.load(write("broker: { url: amqp://x }\n")))
                .hasMessageContaining("unknown key broker.url (did you mean broker.uri?)");
        assertThatThrownBy(() -> ConfigFile.load(write("broker: { uir: amqp://x }\n")))
                .hasMessageContaining("unknown key broker.uir (did you mean broker.uri?)");
        assertThatThrownBy(() -> ConfigFile.load(write("worker: { topics: [demo] }\n")))
                .hasMessageContaining("unknown key worker");
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
                .hasMessage(path + ": events.order_create[0].delay must be a duration like 10s, 500ms or 2h,"
                        + " was 'soon'");
        assertThatThrownBy(() -> ConfigFile.load(write("publishTimeout: 2 weeks\n")))
                .hasMessageContaining("publishTimeout must be a duration like 10s, 500ms or 2h, was '2 weeks'");
        assertThatThrownBy(() -> ConfigFile.load(write("broker: { heartbeat: often }\n")))
                .hasMessageContaining("broker.heartbeat must be a duration")
                .hasMessageContaining("'often'");
    }

    @Test
    void otherBadValuesAreErrorsThatSayWhatIsWrong() throws IOException {
        assertThatThrownBy(() -> ConfigFile.load(write("queueType: fast\n")))
                .hasMessageContaining("queueType must be quorum or classic, was 'fast'");
        assertThatThrownBy(() -> ConfigFile.load(write("delayLevels: many\n")))
                .hasMessageContaining("delayLevels must be a whole number, was \"many\"");
        assertThatThrownBy(() -> ConfigFile.load(write("delayLevels: 50\n")))
                .hasMessageContaining("delayLevels must be between 1 and 42, was 50");
        assertThatThrownBy(() -> ConfigFile.load(write("broker: { tls: maybe }\n")))
                .hasMessageContaining("broker.tls must be true or false, was \"maybe\"");
        assertThatThrownBy(() -> ConfigFile.load(write("events: { e: [ { topic: demo } ] }\n")))
                .hasMessageContaining("events.e[0].task is required");
        assertThatThrownBy(() -> ConfigFile.load(write("events: { e: [ { task: t, topic: 'demo.*' } ] }\n")))
                .hasMessageContaining("events.e[0].topic name must not contain the AMQP wildcard '*': demo.*");
        assertThatThrownBy(() -> ConfigFile.load(write("events: { e: { task: t } }\n")))
                .hasMessageContaining("events.e must be a list");
        assertThatThrownBy(() -> ConfigFile.load(write("events: { e: [ { task: t, topic: d, retry: { maxAttempts: 0 } } ] }\n")))
                .hasMessageContaining("events.e[0].retry.maxAttempts must be at least 1, was 0");
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
    void theShippedExampleFileIsValidWithTheSectionsOfTheCommandLine() {
        ConfigFile file = ConfigFile.load(Path.of("..", "ebats.yml"), Set.of("worker", "history", "dashboard"));

        assertThat(file.registrations()).isNotEmpty();
        assertThat(file.section("worker").isPresent()).isTrue();
    }

    @Test
    void sectionsAskedForAreHandedOverAndOthersRefused() throws IOException {
        Path path = write("namespace: shop\nworker: { topics: [demo] }\n");

        ConfigFile file = ConfigFile.load(path, Set.of("worker", "history"));

        assertThat(file.config().namespace()).isEqualTo("shop");
        assertThat(file.section("worker").get("topics").texts()).containsExactly("demo");
        assertThat(file.section("worker").get("topics").path()).isEqualTo("worker.topics");
        assertThat(file.section("history").isPresent()).isFalse();
        assertThatThrownBy(() -> ConfigFile.load(path))
                .hasMessage(path + ": unknown key worker (known keys: broker, brokerType, delayLadder, delayLevels, events,"
                        + " maxMessageBytes, namespace, publishTimeout, queueType, schedules)");
    }

    @Test
    void everyErrorNamesTheWholePathAndTheValue() throws IOException {
        Path path = write("""
                events:
                  order_create:
                    - { task: closeOrder, topic: demo, retry: { multiplier: abc } }
                """);

        assertThatThrownBy(() -> ConfigFile.load(path))
                .hasMessage(path + ": events.order_create[0].retry.multiplier must be a number, was \"abc\"");
        assertThatThrownBy(() -> ConfigFile.load(write(
                "events: { order_create: [ { task: t, topic: d, retry: { multiplier: 0.5 } } ] }\n")))
                .hasMessageEndingWith(": events.order_create[0].retry.multiplier must be at least 1, was 0.5");
        assertThatThrownBy(() -> ConfigFile.load(write(
                "events: { order_create: [ { task: t, topic: d, retry: { jitter: 2 } } ] }\n")))
                .hasMessageEndingWith(": events.order_create[0].retry.jitter must be between 0 and 1, was 2.0");
        assertThatThrownBy(() -> ConfigFile.load(write("broker: { uri: 'http://rabbit:5672' }\n")))
                .hasMessageEndingWith(": broker.uri must start with amqp:// or amqps://, was http://rabbit:5672");
        assertThatThrownBy(() -> ConfigFile.load(write("broker: { addresses: [node1, 'node2:0'] }\n")))
                .hasMessageEndingWith(": broker.addresses must be host or host:port, was node2:0");
        assertThatThrownBy(() -> ConfigFile.load(write("broker: { heartbeat: PT-1S }\n")))
                .hasMessageEndingWith(": broker.heartbeat must not be negative, was PT-1S");
        assertThatThrownBy(() -> ConfigFile.load(write("maxMessageBytes: 10\n")))
                .hasMessageEndingWith(": maxMessageBytes must be at least 1024, was 10");
        assertThatThrownBy(() -> ConfigFile.load(write("namespace: [a, b]\n")))
                .hasMessageEndingWith(": namespace must be a plain value, was [\"a\",\"b\"]");
        assertThatThrownBy(() -> ConfigFile.load(write("broker: amqp://x\n")))
                .hasMessageEndingWith(": broker must be a mapping of keys to values, was \"amqp://x\"");
    }

    @Test
    void aBrokerUriErrorNeverShowsThePassword() throws IOException {
        assertThatThrownBy(() -> ConfigFile.load(write("broker: { uri: 'http://shop:S3cr3tPw@rabbit' }\n")))
                .hasMessageContaining("broker.uri must start with amqp:// or amqps://")
                .hasMessageNotContaining("S3cr3tPw");
    }

    @Test
    void anUnknownKeyFarFromEveryKnownOneListsTheKnownOnes() throws IOException {
        assertThatThrownBy(() -> ConfigFile.load(write("events: { e: [ { task: t, topic: d, retry: { x: 1 } } ] }")))
                .hasMessageEndingWith(": unknown key events.e[0].retry.x (known keys: initialBackoff, jitter,"
                        + " maxAttempts, maxBackoff, multiplier)");
    }
}
