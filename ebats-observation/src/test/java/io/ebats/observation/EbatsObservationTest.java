package io.ebats.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.HandlerResult;
import io.ebats.HandlerScope;
import io.ebats.Handling;
import io.ebats.OutgoingMessage;
import io.ebats.Outcome;
import io.ebats.PublishException;
import io.ebats.PublishKind;
import io.ebats.RetryException;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The interceptors of {@link EbatsObservation} without a broker, into the OpenTelemetry SDK in memory. */
class EbatsObservationTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String PARENT = "b7ad6b7169203331";

    private final TestTracing tracing = new TestTracing();
    private final EbatsObservation observation = EbatsObservation.create(tracing.registry);

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void aHandlerRunContinuesTheProducersTraceAndWhatItPublishesIsItsChild() {
        HandlerScope scope = observation.handlerInterceptor().begin(task(Map.of("traceparent",
                "00-" + TRACE + "-" + PARENT + "-01")));
        Message retry = new Message(PublishKind.RETRY, Map.of());
        RetryException error = new RetryException("later");
        scope.run(() -> observation.publishInterceptor().aroundPublish(retry, () -> CompletableFuture.completedFuture(null)));
        scope.end(new HandlerResult(Outcome.RETRYING, error, false));

        SpanData process = span("process ns.task.orders");
        SpanData publish = span("publish ns.task.orders");
        assertThat(process.getTraceId()).isEqualTo(TRACE);
        assertThat(process.getParentSpanId()).isEqualTo(PARENT);
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attr(process, "ebats.task.outcome")).isEqualTo("retrying");
        assertThat(attr(process, "ebats.task.timed_out")).isEqualTo("false");
        assertThat(attr(process, "ebats.task.attempt")).isEqualTo("1");
        assertThat(publish.getParentSpanId()).isEqualTo(process.getSpanId());
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(attr(publish, "ebats.publish.kind")).isEqualTo("retry");
        assertThat(retry.added.get("traceparent")).startsWith("00-" + TRACE + "-" + publish.getSpanId() + "-");
    }

    @Test
    void aPublishThatIsNotConfirmedEndsWithAnError() {
        CompletableFuture<Void> refused = CompletableFuture.failedFuture(new PublishException("nack"));

        observation.publishInterceptor().aroundPublish(new Message(PublishKind.EVENT, Map.of()), () -> refused);

        SpanData publish = span("publish ns.task.orders");
        assertThat(publish.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(publish.getParentSpanId()).isEqualTo("0000000000000000");
    }

    @Test
    void aMessageOutsideAnySpanThatCarriesATraceKeepsIt() {
        Message replay = new Message(PublishKind.REPLAY, Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-01"));

        observation.publishInterceptor().aroundPublish(replay, () -> CompletableFuture.completedFuture(null));

        assertThat(tracing.spans()).isEmpty();
        assertThat(replay.added).isEmpty();
    }

    @Test
    void anEventDeadLetteredWithoutAnExceptionIsAnError() {
        HandlerScope scope = observation.handlerInterceptor().begin(new Handling(Handling.Kind.EVENT, "ns.scheduler",
                "order_paied", "event-1", null, 1, "order_paied", "event-1", Map.of()));
        scope.run(() -> { });
        scope.end(new HandlerResult(Outcome.DEAD, null, false));

        SpanData process = span("process ns.scheduler");
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attr(process, "ebats.task.name")).isEqualTo("none");
        assertThat(attr(process, "ebats.event.name")).isEqualTo("order_paied");
        assertThat(attr(process, "ebats.event.id")).isEqualTo("event-1");
    }

    @Test
    void aNoopRegistryObservesNothing() {
        EbatsObservation noop = EbatsObservation.create(ObservationRegistry.NOOP);
        Message task = new Message(PublishKind.TASK, Map.of());

        noop.publishInterceptor().aroundPublish(task, () -> CompletableFuture.completedFuture(null));

        assertThat(noop.handlerInterceptor().begin(task(Map.of()))).isSameAs(HandlerScope.NONE);
        assertThat(task.added).isEmpty();
    }

    private static Handling task(Map<String, String> headers) {
        return new Handling(Handling.Kind.TASK, "ns.task.orders", "ship", "task-1", "orders", 1, "order_paied",
                "event-1", headers);
    }

    private SpanData span(String name) {
        List<SpanData> named = tracing.spans().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).as("spans named %s among %s", name, tracing.spans()).hasSize(1);
        return named.getFirst();
    }

    private static String attr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    /** A task message of topic orders as the core hands it to a publish interceptor. */
    private static final class Message implements OutgoingMessage {
        final PublishKind kind;
        final Map<String, String> headers;
        final Map<String, String> added = new LinkedHashMap<>();

        Message(PublishKind kind, Map<String, String> headers) {
            this.kind = kind;
            this.headers = headers;
        }

        @Override
        public PublishKind kind() {
            return kind;
        }

        @Override
        public String destination() {
            return "ns.task.orders";
        }

        @Override
        public String exchange() {
            return "ns.tasks";
        }

        @Override
        public String routingKey() {
            return "orders";
        }

        @Override
        public String messageId() {
            return "task-1";
        }

        @Override
        public String name() {
            return "ship";
        }

        @Override
        public Optional<String> topic() {
            return Optional.of("orders");
        }

        @Override
        public int attempt() {
            return 2;
        }

        @Override
        public Optional<String> eventId() {
            return Optional.of("event-1");
        }

        @Override
        public Optional<String> eventName() {
            return Optional.of("order_paied");
        }

        @Override
        public Map<String, String> headers() {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putAll(added);
            return all;
        }

        @Override
        public void header(String name, String value) {
            added.put(name, value);
        }
    }
}
