package io.ebats.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Ebats;
import io.ebats.Event;
import io.ebats.HandlesTask;
import io.ebats.Interceptors;
import io.ebats.RetryException;
import io.ebats.TaskContext;
import io.ebats.embedded.EmbeddedBroker;
import io.ebats.test.EbatsExtension;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code ebats.observation.enabled=true}, Spring Boot's own OpenTelemetry tracing sees one trace from the
 * publish of an event through the scheduler, the task, its failed first attempt, the retry and the second attempt;
 * on the embedded broker, the spans caught by an in-memory exporter.
 */
@ExtendWith(EbatsExtension.class)
class TracingStarterIT {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class, EbatsAutoConfiguration.class))
            .withUserConfiguration(TracedApp.class);
    private TestNamespace ns;
    private String topic;

    @BeforeEach
    void namespace(EmbeddedBroker broker) {
        ns = new TestNamespace(broker.uri());
        topic = ns.topic("traced");
    }

    @AfterEach
    void deleteNamespace() {
        ns.close();
    }

    @Test
    void anEventItsTaskAFailedAttemptTheRetryAndTheSecondAttemptAreOneTrace() {
        runner.withPropertyValues(ns.properties("ebats.observation.enabled=true",
                        "management.tracing.sampling.probability=1.0", "ebats.worker.topics=" + topic,
                        "ebats.registrations[0].event=order_paied", "ebats.registrations[0].task=ship",
                        "ebats.registrations[0].topic=" + topic))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Interceptors.class);
                    InMemorySpanExporter spans = context.getBean(InMemorySpanExporter.class);
                    context.getBean(Ebats.class).publish(Event.named("order_paied").param("order_id", "FB1"));

                    String process = "process " + ns.namespace + ".task." + topic;
                    List<SpanData> all = await().atMost(TestNamespace.WAIT).until(spans::getFinishedSpanItems,
                            s -> s.stream().filter(span -> span.getName().equals(process)).count() == 2);
                    List<SpanData> done = all.stream().filter(s -> s.getName().startsWith("process ")
                            || s.getName().startsWith("publish ")).toList();
                    assertThat(done).extracting(SpanData::getName).contains("publish " + ns.namespace + ".events",
                            "process " + ns.namespace + ".scheduler", "publish " + ns.namespace + ".task." + topic,
                            process);
                    assertThat(done).extracting(SpanData::getTraceId).as("one trace").containsOnly(
                            done.getFirst().getTraceId());
                    List<SpanData> attempts = done.stream().filter(s -> s.getName().equals(process)).toList();
                    assertThat(attempts).allSatisfy(s -> assertThat(s.getKind()).isEqualTo(SpanKind.CONSUMER));
                    assertThat(attempts).extracting(s -> s.getStatus().getStatusCode())
                            .containsExactlyInAnyOrder(StatusCode.ERROR, StatusCode.UNSET);
                });
    }

    @Test
    void withoutThePropertyNothingIsObserved() {
        runner.withPropertyValues(ns.properties("ebats.worker.topics=" + topic))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Interceptors.class));
    }

    /** A handler that fails its first attempt, and the exporter that keeps the spans. */
    @Configuration(proxyBeanMethods = false)
    static class TracedApp {

        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }

        @Bean
        SpanProcessor exportAtOnce(InMemorySpanExporter exporter) {
            return SimpleSpanProcessor.create(exporter);
        }

        @Bean
        FailingOnce failingOnce() {
            return new FailingOnce();
        }
    }

    /** Ships on the second attempt. */
    public static class FailingOnce {
        @HandlesTask("ship")
        public void ship(Map<String, Object> order, TaskContext context) {
            if (context.attempt() == 1) {
                throw new RetryException("the carrier is busy", Duration.ofMillis(200));
            }
        }
    }
}
