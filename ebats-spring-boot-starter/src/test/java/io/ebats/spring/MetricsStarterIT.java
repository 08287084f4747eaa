package io.ebats.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Ebats;
import io.ebats.dashboard.TaskMeters;
import io.ebats.embedded.EmbeddedBroker;
import io.ebats.test.EbatsExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The task and schedule meters of ebats on the application's MeterRegistry, on the embedded broker. */
@ExtendWith(EbatsExtension.class)
class MetricsStarterIT {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    EbatsAutoConfiguration.class));
    private TestNamespace ns;
    private String topic;

    @BeforeEach
    void namespace(EmbeddedBroker broker) {
        ns = new TestNamespace(broker.uri());
        topic = ns.topic("metrics");
    }

    @AfterEach
    void deleteNamespace() {
        ns.close();
    }

    @Test
    void aTaskRunAndAScheduleFireAreCountedOnSpringBootsRegistry() {
        runner.withUserConfiguration(EmbeddedBrokerStarterIT.SlowApp.class)
                .withBean(EmbeddedBrokerStarterIT.Beat.class, EmbeddedBrokerStarterIT.Beat::new)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic, "ebats.schedules[0].name=beat",
                        "ebats.schedules[0].every=1s", "ebats.schedules[0].task=beat",
                        "ebats.schedules[0].topic=" + topic, "ebats.schedules[0].misfire=skip"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    await().atMost(TestNamespace.WAIT).until(() -> count(registry.find("ebats.tasks")
                            .tags("topic", topic, "task", "beat", "outcome", "succeeded")) >= 1);
                    assertThat(registry.get("ebats.task.duration").tags("topic", topic, "task", "beat").timer()
                            .count()).isPositive();
                    assertThat(registry.get("ebats.task.retries").tags("topic", topic, "task", "beat").counter()
                            .count()).isZero();
                    assertThat(registry.get("ebats.dead.letters").tags("topic", topic, "task", "beat").counter()
                            .count()).isZero();
                    assertThat(registry.get("ebats.schedule.fires").tag("schedule", "beat").counter().count())
                            .isPositive();
                    assertThat(registry.find("ebats.queue.ready").gauges()).as("broker gauges are opt-in").isEmpty();
                });
    }

    @Test
    void thePrometheusNamesAreThoseOfEbatsUp() {
        runner.withUserConfiguration(EmbeddedBrokerStarterIT.ShippingApp.class, PrometheusApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic))
                .run(context -> {
                    context.getBean(Ebats.class).tasks().create(topic, "virtualShipping",
                            Map.of("order_id", "FB1"));
                    PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
                    await().atMost(TestNamespace.WAIT).until(() -> registry.scrape().contains(
                            "ebats_tasks_total{outcome=\"succeeded\",task=\"virtualShipping\",topic=\"" + topic
                                    + "\"} 1.0"));
                    assertThat(registry.scrape())
                            .contains("ebats_task_duration_seconds_count{task=\"virtualShipping\",topic=\"" + topic
                                    + "\"} 1")
                            .contains("ebats_task_retries_total{task=\"virtualShipping\",topic=\"" + topic + "\"} 0.0")
                            .contains("ebats_dead_letters_total{task=\"virtualShipping\",topic=\"" + topic + "\"} 0.0");
                });
    }

    @Test
    void brokerGaugesAreAddedWhenAskedFor() {
        runner.withUserConfiguration(EmbeddedBrokerStarterIT.ShippingApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic, "ebats.metrics.broker-gauges=true"))
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    await().atMost(TestNamespace.WAIT)
                            .until(() -> registry.find("ebats.queue.consumers").tag("topic", topic).gauge() != null
                                    && registry.get("ebats.queue.consumers").tag("topic", topic).gauge().value() == 1);
                    assertThat(registry.get("ebats.queue.ready").tag("topic", topic).gauge().value()).isZero();
                    assertThat(registry.find("ebats.workers.online").gauge()).isNotNull();
                });
    }

    @Test
    void withoutARegistryThereAreNoMeters() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EbatsAutoConfiguration.class))
                .withPropertyValues(ns.properties())
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("ebatsTaskMeters")
                        .doesNotHaveBean("ebatsScheduleMetrics"));
    }

    @Test
    void withoutEbatsDashboardThereAreNoMeters() {
        runner.withClassLoader(new FilteredClassLoader(TaskMeters.class))
                .withUserConfiguration(EmbeddedBrokerStarterIT.ShippingApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MeterRegistry.class)
                        .doesNotHaveBean("ebatsTaskMeters").doesNotHaveBean("ebatsScheduleMetrics"));
    }

    private static double count(Search search) {
        return search.counter() == null ? 0 : search.counter().count();
    }

    @Configuration(proxyBeanMethods = false)
    static class PrometheusApp {
        @Bean
        PrometheusMeterRegistry prometheus() {
            return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
    }
}
