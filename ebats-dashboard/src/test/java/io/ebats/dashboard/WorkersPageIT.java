package io.ebats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The workers page: the worker online and the task it is running. */
class WorkersPageIT extends BrowserTestSupport {

    @Test
    void workersPageShowsTheOnlineWorkerAndTheTaskItRuns() {
        awaitAttempts(task("ok", Map.of("order_id", "W1")), 1);
        List<String> slow = List.of(task("slow", Map.of("order_id", "W2")), task("slow", Map.of("order_id", "W3")),
                task("slow", Map.of("order_id", "W4")));

        openDashboard();
        click(testid("nav-workers"));

        eventually(() -> {
            assertThat(browser.all(testid("worker"))).hasSize(1);
            assertThat(text(testid("worker-name"))).isEqualTo("ui-worker");
            assertThat(text(testid("worker-topics"))).isEqualTo(topic);
            assertThat(text(testid("worker-host"))).endsWith(" / " + ProcessHandle.current().pid());
            assertThat(text(testid("worker-in-flight"))).isEqualTo("3");
            assertThat(browser.all(testid("running-task"))).extracting(row -> row.getDomAttribute("data-task-id"))
                    .containsExactlyInAnyOrderElementsOf(slow);
        });
        assertThat(text(inRow("running-task", "task-id", slow.get(0), "running-task-link"))).isEqualTo(slow.get(0));
        assertThat(text(row("running-task", "task-id", slow.get(0)))).contains("slow", topic);
        browser.screenshot("dashboard-workers");

        release.countDown();
        slow.forEach(id -> awaitAttempts(id, 1));
        eventually(() -> {
            assertThat(browser.all(testid("running-task"))).isEmpty();
            assertThat(text(testid("running-empty"))).isEqualTo("idle");
            assertThat(text(testid("worker-in-flight"))).isEqualTo("0");
        });
    }
}
