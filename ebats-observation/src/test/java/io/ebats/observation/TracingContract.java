package io.ebats.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.BrokerSettings;
import io.ebats.DeadLetterSource;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.Event;
import io.ebats.EventManager;
import io.ebats.NewTask;
import io.ebats.RetryException;
import io.ebats.TaskException;
import io.micrometer.observation.Observation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One trace from a publish to the last attempt, with the spans exported by the OpenTelemetry SDK in memory: each test
 * in a namespace of its own, deleted afterwards.
 */
abstract class TracingContract {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PYTHON = "/usr/bin/python3";

    private final TestTracing tracing = new TestTracing();
    private final List<String> topics = new ArrayList<>();
    private final Queue<Map<String, String>> handlerHeaders = new ConcurrentLinkedQueue<>();
    private String namespace;
    private Ebats ebats;

    abstract String brokerUri();

    @BeforeEach
    void connect() {
        namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
        ebats = Ebats.connect(config(), EbatsObservation.create(tracing.registry).interceptors());
    }

    @AfterEach
    void deleteNamespace() {
        try {
            ebats.close();
        } finally {
            try (Ebats cleaner = Ebats.connect(config())) {
                cleaner.deleteTopology(topics);
            }
            tracing.close();
        }
    }

    private EbatsConfig config() {
        return EbatsConfig.builder().broker(BrokerSettings.uri(brokerUri())).namespace(namespace).delayLevels(12)
                .delayLadder(namespace + ".ladder").publishTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void anEventItsTaskAFailedAttemptItsRetryAndTheSecondAttemptAreOneTrace() {
        String topic = topic("ship");
        AtomicInteger runs = new AtomicInteger();
        ebats.worker().topic(topic).concurrency(2).handle("ship", (params, ctx) -> {
            handlerHeaders.add(ctx.headers());
            if (runs.incrementAndGet() == 1) {
                throw new RetryException("carrier busy", Duration.ofMillis(50));
            }
        }).start();
        ebats.startScheduler(new EventManager().register("order_paied", "ship", topic));

        Observation checkout = Observation.start("checkout", tracing.registry);
        String eventId = checkout.scoped(() -> ebats.publish(Event.named("order_paied").param("order_id", "A1")));
        checkout.stop();

        List<SpanData> spans = awaitSpans(7);
        String traceId = span(spans, "checkout").getTraceId();
        assertThat(spans).extracting(SpanData::getTraceId).containsOnly(traceId);
        SpanData publishEvent = span(spans, "publish " + namespace + ".events");
        SpanData scheduler = span(spans, "process " + namespace + ".scheduler");
        List<SpanData> taskPublishes = spans(spans, "publish " + namespace + ".task." + topic);
        List<SpanData> attempts = spans(spans, "process " + namespace + ".task." + topic);
        assertThat(taskPublishes).hasSize(2);
        assertThat(attempts).hasSize(2);
        SpanData first = attempt(attempts, 1);
        SpanData second = attempt(attempts, 2);
        SpanData task = kind(taskPublishes, "task");
        SpanData retry = kind(taskPublishes, "retry");

        assertThat(publishEvent.getParentSpanId()).isEqualTo(span(spans, "checkout").getSpanId());
        assertThat(scheduler.getParentSpanId()).isEqualTo(publishEvent.getSpanId());
        assertThat(task.getParentSpanId()).isEqualTo(scheduler.getSpanId());
        assertThat(first.getParentSpanId()).isEqualTo(task.getSpanId());
        assertThat(retry.getParentSpanId()).isEqualTo(first.getSpanId());
        assertThat(second.getParentSpanId()).isEqualTo(retry.getSpanId());

        assertThat(publishEvent.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(scheduler.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(first.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(attr(publishEvent, "messaging.system")).isEqualTo("rabbitmq");
        assertThat(attr(publishEvent, "messaging.destination.name")).isEqualTo(namespace + ".events");
        assertThat(attr(publishEvent, "messaging.message.id")).isEqualTo(eventId);
        assertThat(attr(publishEvent, "ebats.event.name")).isEqualTo("order_paied");
        assertThat(attr(scheduler, "ebats.task.outcome")).isEqualTo("succeeded");
        assertThat(attr(task, "ebats.task.name")).isEqualTo("ship");
        assertThat(attr(task, "ebats.topic")).isEqualTo(topic);
        assertThat(attr(task, "ebats.event.id")).isEqualTo(eventId);
        assertThat(attr(retry, "ebats.task.attempt")).isEqualTo("2");
        assertThat(attr(first, "ebats.task.outcome")).isEqualTo("retrying");
        assertThat(attr(first, "messaging.message.id")).isEqualTo(attr(task, "messaging.message.id"));
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(first.getEvents()).extracting(e -> e.getName()).contains("exception");
        assertThat(attr(second, "ebats.task.outcome")).isEqualTo("succeeded");
        assertThat(second.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat(handlerHeaders).allSatisfy(h -> assertThat(h.get("traceparent")).contains(traceId));
    }

    @Test
    void aTaskThatFailsEndsInADeadLetterOfItsTraceAndItsReplayContinuesIt() {
        String topic = topic("bill");
        AtomicInteger runs = new AtomicInteger();
        ebats.worker().topic(topic).handle("bill", (params, ctx) -> {
            if (runs.incrementAndGet() == 1) {
                throw new TaskException("card declined");
            }
        }).start();

        Observation request = Observation.start("request", tracing.registry);
        String taskId = request.scoped(() -> ebats.tasks().create(NewTask.of(topic, "bill", Map.of("n", 1))));
        request.stop();

        List<SpanData> spans = awaitSpans(4);
        String traceId = span(spans, "request").getTraceId();
        SpanData attempt = span(spans, "process " + namespace + ".task." + topic);
        SpanData dead = span(spans, "publish " + namespace + ".dead.task." + topic);
        assertThat(spans).extracting(SpanData::getTraceId).containsOnly(traceId);
        assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attr(attempt, "ebats.task.outcome")).isEqualTo("failed");
        assertThat(dead.getParentSpanId()).isEqualTo(attempt.getSpanId());
        assertThat(attr(dead, "ebats.publish.kind")).isEqualTo("dead_letter");
        assertThat(attr(dead, "ebats.task.id")).isEqualTo(taskId);
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
        assertThat(ebats.deadLetters().list(DeadLetterSource.topic(topic), 10)).singleElement()
                .satisfies(letter -> assertThat(String.valueOf(letter.headers().get("traceparent")))
                        .startsWith("00-" + traceId + "-" + dead.getSpanId() + "-"));

        assertThat(ebats.deadLetters().replay(DeadLetterSource.topic(topic), letter -> true)).isEqualTo(1);

        List<SpanData> all = awaitSpans(5);
        SpanData replayed = all.stream().filter(s -> s.getName().equals("process " + namespace + ".task." + topic)
                && "succeeded".equals(attr(s, "ebats.task.outcome"))).findFirst().orElseThrow();
        assertThat(replayed.getTraceId()).isEqualTo(traceId);
        assertThat(replayed.getParentSpanId()).isEqualTo(dead.getSpanId());
    }

    @Test
    void anEventFromAPythonProducerThatSetsTraceparentContinuesItsTrace() throws Exception {
        String topic = topic("py");
        ebats.worker().topic(topic).handle("pyTask", (params, ctx) -> handlerHeaders.add(ctx.headers())).start();
        ebats.startScheduler(new EventManager().register("py_event", "pyTask", topic));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parent = "00f067aa0ba902b7";

        runPython("""
                import json, sys, uuid, pika
                conn = pika.BlockingConnection(pika.URLParameters(sys.argv[1]))
                ch = conn.channel()
                ch.confirm_delivery()
                ch.basic_publish(sys.argv[2] + ".events", "py_event", json.dumps({"n": 1}).encode(),
                                 pika.BasicProperties(message_id=str(uuid.uuid4()), type="py_event",
                                                      content_type="application/json", delivery_mode=2,
                                                      headers={"traceparent": sys.argv[3], "tracestate": "py=1"}),
                                 mandatory=True)
                conn.close()
                """, "00-" + traceId + "-" + parent + "-01");

        List<SpanData> spans = awaitSpans(3);
        assertThat(spans).extracting(SpanData::getTraceId).containsOnly(traceId);
        SpanData scheduler = span(spans, "process " + namespace + ".scheduler");
        assertThat(scheduler.getParentSpanId()).isEqualTo(parent);
        assertThat(scheduler.getSpanContext().getTraceState().get("py")).isEqualTo("1");
        SpanData task = span(spans, "publish " + namespace + ".task." + topic);
        assertThat(span(spans, "process " + namespace + ".task." + topic).getParentSpanId())
                .isEqualTo(task.getSpanId());
        assertThat(handlerHeaders).singleElement().satisfies(h -> {
            assertThat(h.get("traceparent")).startsWith("00-" + traceId + "-" + task.getSpanId());
            assertThat(h.get("tracestate")).isEqualTo("py=1");
        });
    }

    private void runPython(String script, String traceparent) throws IOException, InterruptedException {
        assertThat(Path.of(PYTHON)).as("Debian's python3 (apt-get install python3-pika)").isExecutable();
        Path file = Files.createTempFile("ebats-trace", ".py");
        try {
            Files.writeString(file, script);
            Process process = new ProcessBuilder(PYTHON, file.toString(), pikaUri(brokerUri()), namespace, traceparent)
                    .redirectErrorStream(true).start();
            boolean done = process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) {
                process.destroyForcibly();
            }
            assertThat(done && process.exitValue() == 0).as("python: %s", output).isTrue();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** pika wants the virtual host in the path: {@code /%2F} for the default one. */
    private static String pikaUri(String amqpUri) {
        String uri = amqpUri.endsWith("/") ? amqpUri.substring(0, amqpUri.length() - 1) : amqpUri;
        return uri.matches("amqps?://[^/]+") ? uri + "/%2F" : uri;
    }

    private String topic(String hint) {
        String topic = hint + "-" + UUID.randomUUID().toString().substring(0, 6);
        topics.add(topic);
        return topic;
    }

    private List<SpanData> awaitSpans(int count) {
        await().atMost(WAIT).until(() -> tracing.spans().size() >= count);
        return tracing.spans();
    }

    private static SpanData span(List<SpanData> spans, String name) {
        List<SpanData> named = spans(spans, name);
        assertThat(named).as("spans named %s among %s", name, spans.stream().map(SpanData::getName).toList())
                .hasSize(1);
        return named.getFirst();
    }

    private static List<SpanData> spans(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).toList();
    }

    private static SpanData attempt(List<SpanData> attempts, int attempt) {
        return attempts.stream().filter(s -> String.valueOf(attempt).equals(attr(s, "ebats.task.attempt")))
                .findFirst().orElseThrow();
    }

    private static SpanData kind(List<SpanData> publishes, String kind) {
        return publishes.stream().filter(s -> kind.equals(attr(s, "ebats.publish.kind"))).findFirst().orElseThrow();
    }

    private static String attr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
