package io.ebats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebats.Attempt;
import io.ebats.BrokerSettings;
import io.ebats.DeadLetter;
import io.ebats.DeadLetterSource;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.EventManager;
import io.ebats.Outcome;
import io.ebats.TaskException;
import io.ebats.Worker;
import io.ebats.store.HistoryQuery;
import io.ebats.store.HistorySettings;
import io.ebats.store.HistoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API, the metrics and the security checks, over HTTP, against the real RabbitMQ. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the dead-letter actions come last
class DashboardApiIT {

    private static final String BROKER = System.getenv().getOrDefault("EBATS_TEST_BROKER_URI",
            "amqp://guest:guest@127.0.0.1:5672");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private final String topic = "dash-" + UUID.randomUUID().toString().substring(0, 6);
    private final HttpClient http = HttpClient.newHttpClient();
    private Ebats ebats;
    private HistoryStore history;
    private Worker worker;
    private Dashboard dashboard;
    private String okTask;
    private String boomTask;

    @BeforeAll
    void start() {
        String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
        EbatsConfig config = EbatsConfig.builder().broker(BrokerSettings.uri(BROKER))
                .namespace(namespace).delayLevels(22).delayLadder(namespace + ".ladder")
                .build();
        ebats = Ebats.connect(config);
        history = HistoryStore.open(HistorySettings.h2(dir).flushInterval(Duration.ofMillis(20)).build());
        TaskMetrics metrics = new TaskMetrics();
        worker = ebats.worker().topic(topic).concurrency(4).listener(history).listener(metrics)
                .handle("ok", (params, context) -> { })
                .handle("boom", (params, context) -> {
                    throw new TaskException("boom for " + params.get("order_id"));
                })
                .start();
        EventManager registry = new EventManager().register("order_paied", "ok", topic, Duration.ofSeconds(10));
        dashboard = Dashboard.start(ebats, Dashboard.Options.builder().port(0).history(history)
                .registry(registry).metrics(metrics).token("test-token-0123456789").build());
        okTask = ebats.tasks().create(topic, "ok", Map.of("order_id", "FB1", "password", "hunter2"));
        boomTask = ebats.tasks().create(topic, "boom", Map.of("order_id", "FB2"));
        await().atMost(WAIT).until(() -> history.count(HistoryQuery.all()) >= 2);
    }

    @AfterAll
    void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (history != null) {
            history.close();
        }
        ebats.deleteTopology(List.of(topic));
        ebats.close();
    }

    @Test
    @Order(1)
    void overviewShowsTheTopicTheRegistryAndTheBroker() throws Exception {
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode overview = get("/api/overview");
            assertThat(overview.get("history").asBoolean()).isTrue();
            assertThat(overview.get("brokerType").asText()).isEqualTo("RABBITMQ");
            assertThat(overview.get("broker").asText()).doesNotContain("guest");
            JsonNode row = find(overview.get("topics"), "topic", topic);
            assertThat(row.get("exists").asBoolean()).isTrue();
            assertThat(row.get("consumers").asInt()).isEqualTo(1);
            assertThat(row.get("dead").asLong()).isEqualTo(1);
            JsonNode event = find(overview.get("events"), "event", "order_paied");
            assertThat(event.get("tasks").get(0).get("delayMs").asLong()).isEqualTo(10_000);
        });
    }

    @Test
    @Order(2)
    void throughputCountsTheAttemptsPerBucket() throws Exception {
        JsonNode throughput = get("/api/throughput?minutes=5");
        assertThat(throughput.get("bucketSeconds").asInt()).isEqualTo(10);
        long succeeded = 0;
        long failed = 0;
        for (JsonNode bucket : throughput.get("buckets")) {
            succeeded += bucket.get("succeeded").asLong();
            failed += bucket.get("failed").asLong();
        }
        assertThat(succeeded).isGreaterThanOrEqualTo(1);
        assertThat(failed).isGreaterThanOrEqualTo(1);
        assertThat(throughput.get("buckets").size()).isBetween(30, 31);
    }

    @Test
    @Order(3)
    void theRunsAreCountedTwentyPagesPastTheOffsetAndNoFurther() throws Exception {
        String counted = "counted-" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 25; i++) {
            history.onAttempt(new Attempt(counted, counted + "-" + i, "ok", "{}", Duration.ofMillis(1),
                    Outcome.SUCCEEDED, "ok", 1, null, Instant.now(), null, null));
        }
        await().atMost(WAIT).until(() -> history.count(HistoryQuery.builder().topic(counted).build()) == 25);

        JsonNode all = get("/api/runs?limit=2&topic=" + counted);
        assertThat(all.get("total").asLong()).isEqualTo(25);
        assertThat(all.get("totalExact").asBoolean()).isTrue();
        JsonNode capped = get("/api/runs?limit=1&topic=" + counted);
        assertThat(capped.get("total").asLong()).isEqualTo(20);
        assertThat(capped.get("totalExact").asBoolean()).isFalse();
        assertThat(capped.get("runs")).hasSize(1);
        JsonNode further = get("/api/runs?limit=1&offset=4&topic=" + counted);
        assertThat(further.get("total").asLong()).isEqualTo(24);
        assertThat(further.get("totalExact").asBoolean()).isFalse();
        JsonNode last = get("/api/runs?limit=1&offset=5&topic=" + counted);
        assertThat(last.get("total").asLong()).isEqualTo(25);
        assertThat(last.get("totalExact").asBoolean()).isTrue();
    }

    @Test
    @Order(3)
    void runsAreFilteredAndATaskHasItsTimeline() throws Exception {
        JsonNode failed = get("/api/runs?outcome=failed&topic=" + topic);
        assertThat(failed.get("total").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode run = failed.get("runs").get(0);
        assertThat(run.get("taskName").asText()).isEqualTo("boom");
        assertThat(run.get("errorMessage").asText()).contains("boom for FB2");

        JsonNode ok = get("/api/tasks/" + okTask);
        assertThat(ok.get("attempts").get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(ok.get("attempts").get(0).get("params").asText()).contains("FB1").doesNotContain("hunter2");

        assertThat(get("/api/runs?q=fb1").get("runs").get(0).get("taskId").asText()).isEqualTo(okTask);
        assertThat(status("/api/tasks/no-such-task")).isEqualTo(404);
        assertThat(errorOf("/api/runs?outcome=MAYBE")).contains("outcome must be one of");
        assertThat(errorOf("/api/runs?since=yesterday")).contains("since must be an ISO-8601 time");
        assertThat(errorOf("/api/runs?limit=0")).contains("limit must be 1 to 500");
    }

    @Test
    @Order(4)
    void workersAreListedWithTheirTopics() throws Exception {
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode workers = get("/api/workers").get("workers");
            assertThat(workers).anySatisfy(w -> assertThat(w.get("topics").toString()).contains(topic));
        });
    }

    @Test
    @Order(5)
    void metricsAreServedAsPrometheusText() throws Exception {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("ebats_tasks_total{outcome=\"succeeded\",task=\"ok\",topic=\"" + topic + "\"}")
                .contains("ebats_tasks_total{outcome=\"failed\",task=\"boom\",topic=\"" + topic + "\"}")
                .contains("ebats_task_duration_seconds_bucket")
                .contains("ebats_dead_letters_total{task=\"boom\",topic=\"" + topic + "\"}")
                .contains("ebats_queue_ready{topic=\"" + topic + "\"}")
                .contains("ebats_workers_online")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    @Order(6)
    void actionsNeedTheTokenJsonAndTheDashboardsOwnOrigin() throws Exception {
        String body = "{\"source\":\"topic:" + topic + "\",\"ids\":[\"" + boomTask + "\"]}";
        assertThat(post("/api/dead/replay", body, Map.of("Content-Type", "application/json")).statusCode())
                .isEqualTo(401);
        assertThat(post("/api/dead/replay", body, Map.of("Content-Type", "application/json",
                "X-Ebats-Token", "wrong-token-0123456789")).statusCode()).isEqualTo(401);
        assertThat(post("/api/dead/replay", body, Map.of("Content-Type", "text/plain",
                "X-Ebats-Token", dashboard.token())).statusCode()).isEqualTo(415);
        assertThat(post("/api/dead/replay", body, Map.of("Content-Type", "application/json",
                "X-Ebats-Token", dashboard.token(), "Origin", "http://evil.example")).statusCode()).isEqualTo(403);
        assertThat(rawStatus("GET /api/overview HTTP/1.1\r\nHost: evil.example:" + dashboard.address().getPort()
                + "\r\nConnection: close\r\n\r\n")).isEqualTo(403);
        assertThat(rawStatus("DELETE /api/dead HTTP/1.1\r\nHost: 127.0.0.1:" + dashboard.address().getPort()
                + "\r\nConnection: close\r\n\r\n")).isEqualTo(405);
        // nothing above touched the dead letter
        assertThat(ebats.deadLetters().list(DeadLetterSource.topic(topic), 10))
                .extracting(DeadLetter::id).contains(boomTask);
        assertThat(post("/api/dead/replay", "{\"source\":\"topic:" + topic + "\"}", auth()).body())
                .contains("give either 'ids'");
        assertThat(post("/api/dead/replay", "{\"source\":\"queue:x\",\"all\":true}", auth()).body())
                .contains("source must be topic:NAME, events or consumer:QUEUE");
        assertThat(post("/api/dead/replay", "not json", auth()).body()).contains("not valid JSON");
        String pause = "{\"topic\":\"" + topic + "\"}";
        assertThat(post("/api/topics/pause", pause, Map.of("Content-Type", "application/json")).statusCode())
                .isEqualTo(401);
        assertThat(ebats.topics().isPaused(topic)).isFalse();
        HttpResponse<String> unknown = post("/api/topics/pause", "{\"topic\":\"no-such-topic\"}", auth());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no topic no-such-topic");
        HttpResponse<String> invalid = post("/api/topics/resume", "{\"topic\":\"a*b\"}", auth());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("topic name must not contain the AMQP wildcard");
        String cancel = "{\"taskId\":\"queued-somewhere\"}";
        assertThat(post("/api/tasks/cancel", cancel, Map.of("Content-Type", "application/json")).statusCode())
                .isEqualTo(401);
        assertThat(history.cancelledIds()).isEmpty();
        HttpResponse<String> cancelled = post("/api/tasks/cancel", cancel, auth());
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(cancelled.body()).get("result").asText()).isEqualTo("CANCELLED");
        assertThat(history.cancelledIds()).containsExactly("queued-somewhere");
        HttpResponse<String> malformed = post("/api/tasks/cancel", "{\"taskId\":\" \"}", auth());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("task id must not be blank");
    }

    @Test
    @Order(7)
    void deadLettersAreListedReplayedAndDiscarded() throws Exception {
        String source = "topic:" + topic;
        JsonNode dead = get("/api/dead?source=" + source);
        assertThat(dead.get("sources").toString()).contains(source);
        JsonNode letter = find(dead.get("letters"), "id", boomTask);
        assertThat(letter.get("reason").asText()).isEqualTo("task-exception");
        assertThat(letter.get("body").asText()).contains("FB2");
        assertThat(get("/api/dead?source=" + source + "&q=no-such-text").get("letters")).isEmpty();

        HttpResponse<String> replay = post("/api/dead/replay",
                "{\"source\":\"" + source + "\",\"ids\":[\"" + boomTask + "\"]}", auth());
        assertThat(JSON.readTree(replay.body()).get("replayed").asInt()).isEqualTo(1);
        // it fails again and is back, with a second attempt in the history
        await().atMost(WAIT).until(() -> history.count(HistoryQuery.builder().taskId(boomTask).build()) == 2);
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);

        HttpResponse<String> discard = post("/api/dead/discard",
                "{\"source\":\"" + source + "\",\"all\":true,\"name\":\"boom\"}", auth());
        assertThat(JSON.readTree(discard.body()).get("discarded").asInt()).isEqualTo(1);
        assertThat(get("/api/dead?source=" + source).get("total").asLong()).isZero();
        // the test's dead letter is gone: the overview test reads the state at its start only
        String again = ebats.tasks().create(topic, "boom", Map.of("order_id", "FB3"));
        await().atMost(WAIT).until(() -> history.count(HistoryQuery.builder().taskId(again).build()) == 1);
    }

    private Map<String, String> auth() {
        return Map.of("Content-Type", "application/json", "X-Ebats-Token", dashboard.token());
    }

    private URI uri(String path) {
        return dashboard.address().resolve(path);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        return JSON.readTree(response.body());
    }

    private int status(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private String errorOf(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        return JSON.readTree(response.body()).get("error").asText();
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request written by hand, for the headers the HTTP client will not send. */
    private int rawStatus(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", dashboard.address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.path(field).asText())) {
                return node;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }

}
