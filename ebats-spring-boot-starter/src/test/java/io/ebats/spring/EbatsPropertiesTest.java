package io.ebats.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebats.QueueType;
import io.ebats.Registration;
import io.ebats.Schedule;
import io.ebats.UniqueKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The {@code ebats.*} properties: binding, the imported config file, errors and the IDE metadata. No broker. */
class EbatsPropertiesTest {

    private final ApplicationContextRunner binding = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void relaxedNamesBindToTheSettings() {
        binding.withPropertyValues("ebats.broker.uri=amqp://u:p@127.0.0.1:5673/v", "ebats.namespace=orders",
                "ebats.queue-type=classic", "ebats.delay-ladder=orders.ladder", "ebats.delay-levels=20",
                "ebats.worker.topics=demo,mail", "ebats.worker.concurrency=4", "ebats.worker.timeout=90s",
                "ebats.worker.shutdown-grace=5s",
                "ebats.registrations[0].event=order_paied", "ebats.registrations[0].task=virtualShipping",
                "ebats.registrations[0].topic=demo", "ebats.registrations[1].event=order_create",
                "ebats.registrations[1].task=closeOrder", "ebats.registrations[1].topic=demo",
                "ebats.registrations[1].delay=10s",
                "ebats.schedules[0].name=sweep", "ebats.schedules[0].cron=*/5 * * * *",
                "ebats.schedules[0].zone=Europe/Berlin", "ebats.schedules[0].event=order_sweep",
                "ebats.schedules[0].params.limit=100", "ebats.schedules[1].name=beat", "ebats.schedules[1].every=2s",
                "ebats.schedules[1].task=diag.noop", "ebats.schedules[1].topic=demo", "ebats.schedules[1].misfire=skip")
                .run(context -> {
                    EbatsSettings s = EbatsSettings.of(context.getBean(EbatsProperties.class));
                    assertThat(s.config().broker().uri()).isEqualTo("amqp://u:p@127.0.0.1:5673/v");
                    assertThat(s.config().namespace()).isEqualTo("orders");
                    assertThat(s.config().queueType()).isEqualTo(QueueType.CLASSIC);
                    assertThat(s.config().delayLadder()).isEqualTo("orders.ladder");
                    assertThat(s.config().delayLevels()).isEqualTo(20);
                    assertThat(s.topics()).containsExactly("demo", "mail");
                    assertThat(s.concurrency()).isEqualTo(4);
                    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(s.registrations()).containsExactly(
                            new Registration("order_paied", "virtualShipping", "demo"),
                            new Registration("order_create", "closeOrder", "demo", Duration.ofSeconds(10), null));
                    assertThat(s.schedules()).extracting(Schedule::name).containsExactly("sweep", "beat");
                    assertThat(s.schedules().get(0).target()).isEqualTo(
                            new Schedule.EventTarget("order_sweep", Map.of("limit", "100")));
                    assertThat(s.schedules().get(1).misfire()).isEqualTo(Schedule.Misfire.SKIP);
                });
    }

    @Test
    void theConfigFileIsImportedAndPropertiesWinOverIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ebats.yml");
        Files.writeString(file, """
                namespace: from-file
                queueType: classic
                worker:
                  topics: [demo]
                  concurrency: 8
                events:
                  order_paied:
                    - { task: virtualShipping, topic: demo }
                  order_create:
                    - { task: closeOrder, topic: demo, delay: 10s }
                """);
        binding.withPropertyValues("ebats.config-file=" + file, "ebats.namespace=from-spring",
                "ebats.registrations[0].event=order_create", "ebats.registrations[0].task=closeOrder",
                "ebats.registrations[0].topic=demo", "ebats.registrations[0].delay=1m")
                .run(context -> {
                    EbatsSettings s = EbatsSettings.of(context.getBean(EbatsProperties.class));
                    assertThat(s.config().namespace()).isEqualTo("from-spring");
                    assertThat(s.config().queueType()).isEqualTo(QueueType.CLASSIC);
                    assertThat(s.topics()).containsExactly("demo");
                    assertThat(s.concurrency()).isEqualTo(8);
                    assertThat(s.registrations()).containsExactly(
                            new Registration("order_paied", "virtualShipping", "demo"),
                            new Registration("order_create", "closeOrder", "demo", Duration.ofMinutes(1), null));
                });
    }

    @Test
    void aBadValueNamesTheProperty() {
        binding.withPropertyValues("ebats.namespace=a*b").run(context ->
                assertThatThrownBy(() -> EbatsSettings.of(context.getBean(EbatsProperties.class)))
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("ebats.namespace").hasMessageContaining("a*b"));
        binding.withPropertyValues("ebats.registrations[0].event=order_paied", "ebats.registrations[0].task=ship")
                .run(context -> assertThatThrownBy(() -> EbatsSettings.of(context.getBean(EbatsProperties.class)))
                        .hasMessageContaining("ebats.registrations[0]").hasMessageContaining("topic"));
        binding.withPropertyValues("ebats.worker.concurrency=0").run(context ->
                assertThatThrownBy(() -> EbatsSettings.of(context.getBean(EbatsProperties.class)))
                        .hasMessageContaining("ebats.worker.concurrency"));
        binding.withPropertyValues("ebats.config-file=/nonexistent/ebats.yml").run(context ->
                assertThatThrownBy(() -> EbatsSettings.of(context.getBean(EbatsProperties.class)))
                        .hasMessageContaining("ebats.config-file"));
    }

    @Test
    void anApplicationWithABadValueFailsToStartNamingTheProperty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EbatsAutoConfiguration.class))
                .withPropertyValues("ebats.worker.concurrency=many").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("ebats.worker.concurrency");
                });
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EbatsAutoConfiguration.class))
                .withPropertyValues("ebats.namespace=a#b").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining("ebats.namespace");
                });
    }

    @Test
    void theJarDescribesItsPropertiesForIdes() throws IOException {
        String metadata = null;
        for (URL url : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (text.contains(EbatsProperties.class.getName())) {
                    metadata = text;
                }
            }
        }
        assertThat(metadata).as("the starter's configuration metadata").isNotNull();
        for (String key : List.of("ebats.broker.uri", "ebats.broker.addresses", "ebats.namespace", "ebats.queue-type",
                "ebats.delay-ladder", "ebats.worker.topics", "ebats.worker.concurrency", "ebats.worker.timeout",
                "ebats.worker.shutdown-grace", "ebats.registrations", "ebats.schedules", "ebats.history.url",
                "ebats.dashboard.enabled", "ebats.config-file", "ebats.history.user", "ebats.history.password",
                "ebats.history.schema", "ebats.history.retention", "ebats.dashboard.port", "ebats.dashboard.bind",
                "ebats.dashboard.token", "ebats.metrics.broker-gauges", "ebats.worker.virtual-threads")) {
            assertThat(metadata).contains("\"name\": \"" + key + "\"");
        }
        assertThat(metadata).contains("Topics whose task queues the worker consumes")
                .contains("unique.key (a template over the event's params such as order:{order_id}) and unique.for");
    }

    @Test
    void aUniqueKeyOfARegistrationBindsWithItsWindow() {
        binding.withPropertyValues("ebats.registrations[0].event=order_paied", "ebats.registrations[0].task=ship",
                "ebats.registrations[0].topic=demo", "ebats.registrations[0].unique.key=order:{order_id}",
                "ebats.registrations[0].unique.for=10m", "ebats.registrations[1].event=order_paied",
                "ebats.registrations[1].task=mail", "ebats.registrations[1].topic=demo",
                "ebats.registrations[1].unique.key=mail:{order_id}", "ebats.registrations[2].event=order_paied",
                "ebats.registrations[2].task=bill", "ebats.registrations[2].topic=demo")
                .run(context -> {
                    EbatsSettings s = EbatsSettings.of(context.getBean(EbatsProperties.class));
                    assertThat(s.registrations()).containsExactly(
                            new Registration("order_paied", "ship", "demo")
                                    .withUnique(UniqueKey.template("order:{order_id}", Duration.ofMinutes(10))),
                            new Registration("order_paied", "mail", "demo")
                                    .withUnique(UniqueKey.template("mail:{order_id}")),
                            new Registration("order_paied", "bill", "demo"));
                });
    }

    @Test
    void aBadUniqueKeyOrWindowNamesItsProperty() {
        String[] registration = {"ebats.registrations[0].event=order_paied", "ebats.registrations[0].task=ship",
                "ebats.registrations[0].topic=demo"};
        binding.withPropertyValues(registration).withPropertyValues("ebats.registrations[0].unique.key= ")
                .run(context -> assertThatThrownBy(() -> EbatsSettings.of(context.getBean(EbatsProperties.class)))
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("ebats.registrations[0].unique.key")
                        .hasMessageContaining("unique key must not be empty"));
        binding.withPropertyValues(registration).withPropertyValues("ebats.registrations[0].unique.key=k",
                "ebats.registrations[0].unique.for=500us")
                .run(context -> assertThatThrownBy(() -> EbatsSettings.of(context.getBean(EbatsProperties.class)))
                        .hasMessageContaining("ebats.registrations[0].unique.for")
                        .hasMessageContaining("must be zero or at least 1 ms"));
        binding.withPropertyValues(registration).withPropertyValues("ebats.registrations[0].unique.for=10m")
                .run(context -> assertThatThrownBy(() -> EbatsSettings.of(context.getBean(EbatsProperties.class)))
                        .hasMessageContaining("ebats.registrations[0].unique.for")
                        .hasMessageContaining("goes with ebats.registrations[0].unique.key, which is not set"));
    }

    @Test
    void theConfigFilesUniqueKeysAreImported(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ebats.yml");
        Files.writeString(file, """
                events:
                  order_paied:
                    - { task: ship, topic: demo, unique: { key: "order:{order_id}", for: 10m } }
                """);
        binding.withPropertyValues("ebats.config-file=" + file).run(context ->
                assertThat(EbatsSettings.of(context.getBean(EbatsProperties.class)).registrations()).containsExactly(
                        new Registration("order_paied", "ship", "demo")
                                .withUnique(UniqueKey.template("order:{order_id}", Duration.ofMinutes(10)))));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EbatsProperties.class)
    static class PropertiesOnly {
    }
}
