package io.ebats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The overview page: the token taken from the link, the topic's counts, the throughput chart, the events. */
class OverviewPageIT extends BrowserTestSupport {

    @Test
    void overviewShowsTheTopicCountsAndTheChartHasBarsAfterTasksRan() {
        // three waves, each in a 10 s bucket of its own: 12 ok, a flaky one that succeeds at its third attempt,
        // a boom that fails
        for (int wave = 0; wave < 3; wave++) {
            long bucket = Instant.now().getEpochSecond() / 10;
            for (int i = 0; i < 2 + 2 * wave; i++) {
                awaitAttempts(task("ok", Map.of("order_id", "FB" + wave + i)), 1);
            }
            if (wave == 1) {
                awaitAttempts(task("flaky", Map.of("order_id", "FB10")), 3);
            }
            if (wave == 2) {
                awaitAttempts(task("boom", Map.of("order_id", "FB11")), 1);
            } else {
                await().atMost(WAIT).until(() -> Instant.now().getEpochSecond() / 10 > bucket);
            }
        }

        openDashboard();

        assertThat(browser.currentUrl()).endsWith("#/").doesNotContain(dashboard.token());
        assertThat(browser.script("return sessionStorage.getItem('ebats.token')")).isEqualTo(dashboard.token());
        assertThat(text(testid("token-state"))).isEqualTo("set");
        eventually(() -> {
            assertThat(text(inRow("topic-row", "topic", topic, "topic-consumers"))).isEqualTo("1");
            assertThat(text(inRow("topic-row", "topic", topic, "topic-dead"))).isEqualTo("1");
            assertThat(text(inRow("topic-row", "topic", topic, "topic-ready"))).isEqualTo("0");
            assertThat(text(inRow("topic-row", "topic", topic, "topic-in-flight"))).isEqualTo("0");
        });
        eventually(() -> {
            assertThat(browser.all(testid("chart-bar"))).isNotEmpty();
            assertThat(text(testid("throughput-summary")))
                    .contains("13 succeeded", "2 retrying", "1 failed");
        });
        assertThat(browser.all(testid("chart-bar")))
                .anySatisfy(bar -> assertThat(bar.getDomAttribute("data-series")).isEqualTo("failed"));
        assertThat(browser.all(row("event-row", "event", EVENT))).hasSize(2);
        assertThat(text(testid("figure-workers"))).startsWith("1");
        assertThat(text(testid("figure-history"))).startsWith("on");

        browser.screenshot("dashboard-overview");
    }
}
