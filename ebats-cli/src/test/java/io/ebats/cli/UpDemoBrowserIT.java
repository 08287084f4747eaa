package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebats.cli.demo.DemoShop;
import io.ebats.dashboard.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What a user sees: {@code ebats up --demo} running, a real headless Chromium on its dashboard. Live throughput,
 * the runs of the demo tasks, the demo's failed {@code diag.fail} in the dead letters replayed with one click,
 * the worker online, {@code /metrics}; and the runs still there after a restart.
 */
class UpDemoBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(40);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final TestBroker broker = new TestBroker();
    private final List<ChildProcess> children = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (ChildProcess child : children) {
                child.close();
            }
        } finally {
            broker.deleteNamespace(List.of(DemoShop.TOPIC));
        }
    }

    @Test
    void theDashboardOfUpDemoShowsTheSystemAndReplaysAFailedTaskWithOneClick() throws Exception {
        broker.writeConfig(dir); // no events: up runs the demo shop's registry
        ChildProcess up = start("up", "--demo", "--demo-every", "300ms", "--broker", TestBroker.URI,
                "--dashboard-port", "0");
        up.awaitLine(START, "Running; Ctrl-C stops.");
        URI link = DashboardProbe.linkOf(up);

        String failedTask;
        try (Browser browser = Browser.start()) {
            browser.open(link.toString());
            eventually(() -> {
                assertThat(browser.all(testid("chart-bar"))).isNotEmpty();
                assertThat(browser.find(inRow("topic-row", "topic", "demo", "topic-consumers")).getText()).isEqualTo("1");
            });

            browser.route("#/runs");
            eventually(() -> assertThat(browser.all(testid("run-row"))).extracting(WebElement::getText)
                    .anySatisfy(text -> assertThat(text).contains("virtualShipping", "SUCCEEDED"))
                    .anySatisfy(text -> assertThat(text).contains("orderAsync")));

            browser.route("#/dead");
            // read at once: the page renders its rows anew every 2 s, so an element found may be gone a moment later
            failedTask = await().atMost(WAIT).ignoreExceptions()
                    .until(() -> browser.find(By.cssSelector("[data-testid='dead-row'][data-name='diag.fail']"))
                            .getDomAttribute("data-id"), id -> id != null);
            await().atMost(WAIT).until(() -> history(link, failedTask) == 1); // written in batches
            eventually(() -> browser.find(inRow("dead-row", "id", failedTask, "dead-replay")).click());
            eventually(() -> assertThat(browser.find(testid("banner-text")).getText())
                    .isEqualTo("Replayed 1 dead letter."));
            // replayed, it ran again (and failed again, as diag.fail does)
            await().atMost(WAIT).until(() -> history(link, failedTask) == 2);

            browser.route("#/workers");
            eventually(() -> assertThat(browser.all(testid("worker"))).hasSize(1));
            assertThat(browser.find(testid("worker-topics")).getText()).contains("demo");
            assertThat(browser.console()).noneMatch(line -> line.startsWith("SEVERE"));
        }

        String metrics = get(link, "/metrics").body();
        assertThat(metrics).contains("ebats_tasks_total{outcome=\"succeeded\",task=\"virtualShipping\",topic=\"demo\"}")
                .contains("ebats_tasks_total{outcome=\"failed\",task=\"diag.fail\",topic=\"demo\"}")
                .contains("ebats_queue_ready{topic=\"demo\"}");
        assertThat(up.terminate()).isZero();

        // the history survives the restart: the new dashboard shows the first run's attempts
        ChildProcess again = start("up", "--broker", TestBroker.URI, "--dashboard-port", "0");
        again.awaitLine(START, "Running; Ctrl-C stops.");
        URI secondLink = DashboardProbe.linkOf(again);
        assertThat(history(secondLink, failedTask)).isEqualTo(2);
        assertThat(again.terminate()).isZero();
    }

    private ChildProcess start(String... args) throws Exception {
        ChildProcess child = ChildProcess.start(dir, args);
        children.add(child);
        return child;
    }

    /** Attempts of the task in the history, read through the dashboard's API. */
    private static int history(URI link, String taskId) throws Exception {
        HttpResponse<String> response = get(link, "/api/tasks/" + taskId);
        return response.statusCode() == 404 ? 0 : JSON.readTree(response.body()).get("attempts").size();
    }

    private static HttpResponse<String> get(URI link, String path) throws Exception {
        URI uri = URI.create(link.getScheme() + "://" + link.getRawAuthority() + path);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void eventually(ThrowingRunnable assertion) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(assertion);
    }

    private static By testid(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    private static By inRow(String row, String name, String value, String id) {
        return By.cssSelector("[data-testid='" + row + "'][data-" + name + "='" + value + "'] [data-testid='" + id + "']");
    }

}
