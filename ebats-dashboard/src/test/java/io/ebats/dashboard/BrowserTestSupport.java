package io.ebats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.BrokerSettings;
import io.ebats.DeadLetter;
import io.ebats.DeadLetterSource;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.EventManager;
import io.ebats.RetryException;
import io.ebats.RetryPolicy;
import io.ebats.TaskException;
import io.ebats.store.AttemptRecord;
import io.ebats.store.HistoryQuery;
import io.ebats.store.HistorySettings;
import io.ebats.store.HistoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Base of the browser tests: per test class a namespace of its own on the real RabbitMQ (127.0.0.1:5672 unless
 * {@code EBATS_TEST_BROKER_URI} says otherwise), a worker on one topic, a history store on H2, the dashboard, and
 * a headless Chromium that opened the dashboard's link.
 *
 * <p>The worker's tasks: {@code ok} returns, {@code boom} throws a {@link TaskException} (dead at once),
 * {@code flaky} asks for a retry twice then succeeds, {@code slow} runs until the test class ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTestSupport {

    static final String BROKER_URI = System.getenv().getOrDefault("EBATS_TEST_BROKER_URI",
            "amqp://guest:guest@127.0.0.1:5672");
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String EVENT = "order_paied";

    @TempDir
    static Path dir;

    final String topic = "ui-" + UUID.randomUUID().toString().substring(0, 6);
    final CountDownLatch release = new CountDownLatch(1);
    EbatsConfig config;
    Ebats ebats;
    HistoryStore history;
    Dashboard dashboard;
    Browser browser;

    @BeforeAll
    void startSystem() {
        String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
        config = EbatsConfig.builder().broker(BrokerSettings.uri(BROKER_URI))
                .namespace(namespace)
                .delayLevels(22)
                .delayLadder(namespace + ".ladder")
                .publishTimeout(Duration.ofSeconds(5))
                .build();
        ebats = Ebats.connect(config);
        history = HistoryStore.open(HistorySettings.h2(dir).flushInterval(Duration.ofMillis(20)).build());
        TaskMetrics metrics = new TaskMetrics();
        ebats.worker().name("ui-worker").topic(topic).concurrency(4).shutdownGrace(Duration.ofSeconds(2))
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0))
                .listener(history).listener(metrics).cancellations(history)
                .handle("ok", (params, context) -> { })
                .handle("boom", (params, context) -> {
                    throw new TaskException("boom for " + params.get("order_id"));
                })
                .handle("flaky", (params, context) -> {
                    if (context.attempt() < 3) {
                        throw new RetryException("not yet, attempt " + context.attempt());
                    }
                })
                .handle("slow", (params, context) -> release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .start();
        EventManager registry = new EventManager()
                .register(EVENT, "ok", topic)
                .register(EVENT, "flaky", topic, Duration.ofSeconds(10));
        dashboard = Dashboard.start(ebats, Dashboard.Options.builder().port(0).history(history)
                .registry(registry).topics(Set.of(topic)).metrics(metrics).build());
        browser = Browser.start();
    }

    /** No script error and no Content-Security-Policy violation on any page the test went through. */
    @AfterEach
    void consoleIsClean() {
        assertThat(browser.console()).noneMatch(line -> line.contains("Uncaught") || line.contains("Content Security Policy")
                || line.contains("Refused to"));
    }

    @AfterAll
    void stopSystem() {
        release.countDown();
        closeQuietly(browser, dashboard, ebats, history);
        try (Ebats cleaner = Ebats.connect(config)) {
            cleaner.deleteTopology(List.of(topic));
        }
    }

    private static void closeQuietly(AutoCloseable... all) {
        RuntimeException failure = null;
        for (AutoCloseable closeable : all) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Creates a task on the test topic and returns its id. */
    String task(String name, Map<String, ?> params) {
        return ebats.tasks().create(topic, name, params);
    }

    /** Waits until the history holds this many attempts of the task, and returns them, first first. */
    List<AttemptRecord> awaitAttempts(String taskId, int count) {
        await().atMost(WAIT).until(() -> history.count(HistoryQuery.builder().taskId(taskId).build()) == count);
        return history.find(HistoryQuery.builder().taskId(taskId).build()).reversed();
    }

    DeadLetterSource deadSource() {
        return DeadLetterSource.topic(topic);
    }

    List<String> deadIds() {
        return ebats.deadLetters().list(deadSource(), 1000).stream().map(DeadLetter::id).toList();
    }

    /** Opens the dashboard's link (with the token) and waits for the overview. */
    void openDashboard() {
        browser.open(dashboard.link().toString());
        eventually(() -> assertThat(text(testid("refresh-state"))).isNotBlank());
    }

    /** Retries the assertion (the pages re-render every 2 s) until it holds or {@link #WAIT} passed. */
    static void eventually(ThrowingRunnable assertion) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(assertion);
    }

    /** Clicks once the element is there; retried when a refresh replaced it between finding and clicking. */
    void click(By by) {
        eventually(() -> browser.find(by).click());
    }

    String text(By by) {
        return browser.find(by).getText();
    }

    static By testid(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    /** An element of the given test id inside the row of test id {@code row} whose {@code data-NAME} is value. */
    static By inRow(String row, String name, String value, String id) {
        return By.cssSelector("[data-testid='" + row + "'][data-" + name + "='" + value + "'] [data-testid='" + id + "']");
    }

    static By row(String row, String name, String value) {
        return By.cssSelector("[data-testid='" + row + "'][data-" + name + "='" + value + "']");
    }
}
