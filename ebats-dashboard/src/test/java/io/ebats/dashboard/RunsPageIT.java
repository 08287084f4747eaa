package io.ebats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Attempt;
import io.ebats.Outcome;
import io.ebats.store.AttemptRecord;
import io.ebats.store.HistoryQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The runs page: every attempt, filters, paging, and a task's timeline. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // paging adds many runs: last
class RunsPageIT extends BrowserTestSupport {

    @Test
    @Order(1)
    void runsAreListedFilteredByOutcomeAndATaskIdOpensItsTimeline() {
        String ok = task("ok", Map.of("order_id", "FB1"));
        String boom = task("boom", Map.of("order_id", "FB2"));
        String flaky = task("flaky", Map.of("order_id", "FB3", "password", "hunter2"));
        awaitAttempts(ok, 1);
        awaitAttempts(boom, 1);
        awaitAttempts(flaky, 3);

        openDashboard();
        click(testid("nav-runs"));
        eventually(() -> {
            assertThat(browser.all(testid("run-row"))).hasSize(5);
            assertThat(text(testid("runs-range"))).isEqualTo("1–5 of 5");
        });
        assertThat(browser.all(row("run-row", "task-id", flaky))).hasSize(3);
        assertThat(text(inRow("run-row", "task-id", boom, "run-error"))).contains("TaskException", "boom for FB2");
        assertThat(text(inRow("run-row", "task-id", flaky, "run-params"))).contains("\"password\":\"***\"")
                .doesNotContain("hunter2");
        browser.screenshot("dashboard-runs");

        new Select(browser.find(testid("filter-outcome"))).selectByValue("FAILED");
        eventually(() -> assertThat(browser.all(testid("run-row")))
                .singleElement().satisfies(row -> assertThat(row.getDomAttribute("data-task-id")).isEqualTo(boom)));
        assertThat(browser.currentUrl()).endsWith("#/runs?outcome=FAILED");

        new Select(browser.find(testid("filter-outcome"))).selectByValue("RETRYING");
        eventually(() -> assertThat(browser.all(testid("run-row")))
                .hasSize(2).allSatisfy(row -> assertThat(row.getDomAttribute("data-task-id")).isEqualTo(flaky)));

        click(inRow("run-row", "task-id", flaky, "run-task-link"));
        eventually(() -> assertThat(browser.all(testid("attempt"))).hasSize(3));
        assertThat(browser.currentUrl()).endsWith("#/task/" + flaky);
        assertThat(text(testid("task-id"))).isEqualTo(flaky);
        assertThat(text(testid("task-name"))).isEqualTo("flaky");
        List<WebElement> attempts = browser.all(testid("attempt"));
        assertThat(attempts).extracting(a -> a.getDomAttribute("data-outcome"))
                .containsExactly("RETRYING", "RETRYING", "SUCCEEDED");
        assertThat(attempts).extracting(a -> a.getDomAttribute("data-attempt")).containsExactly("1", "2", "3");
        assertThat(attempts.get(0).findElement(testid("attempt-error")).getText())
                .isEqualTo("io.ebats.RetryException: not yet, attempt 1");
        assertThat(attempts.get(2).findElements(testid("attempt-error"))).isEmpty();
        assertThat(attempts.get(0).findElement(testid("attempt-params")).getText()).contains("\"order_id\": \"FB3\"");
        browser.screenshot("dashboard-task");
    }

    @Test
    @Order(2)
    void aFailedTaskShowsItsErrorAndStack() {
        String boom = task("boom", Map.of("order_id", "FB4"));
        AttemptRecord record = awaitAttempts(boom, 1).getFirst();
        assertThat(record.outcome()).isEqualTo(Outcome.FAILED);

        browser.route("#/task/" + boom);
        eventually(() -> assertThat(browser.all(testid("attempt"))).hasSize(1));
        assertThat(text(testid("attempt-error"))).isEqualTo("io.ebats.TaskException: boom for FB4");
        click(By.cssSelector("[data-testid='attempt'] details summary"));
        eventually(() -> assertThat(text(testid("attempt-stack"))).startsWith("io.ebats.TaskException: boom for FB4"));
    }

    @Test
    @Order(3)
    void runsArePagedFiftyAPage() {
        for (int i = 0; i < 55; i++) {
            task("ok", Map.of("order_id", "P" + i));
        }
        browser.route("#/runs?task=ok");
        eventually(() -> {
            assertThat(text(testid("runs-range"))).isEqualTo("1–50 of 56");
            assertThat(browser.all(testid("run-row"))).hasSize(50);
        });
        assertThat(browser.find(testid("runs-prev")).isEnabled()).isFalse();
        click(testid("runs-next"));
        eventually(() -> {
            assertThat(text(testid("runs-range"))).isEqualTo("51–56 of 56");
            assertThat(browser.all(testid("run-row"))).hasSize(6);
        });
        assertThat(browser.find(testid("runs-next")).isEnabled()).isFalse();
        assertThat(browser.currentUrl()).endsWith("#/runs?task=ok&offset=50");
    }

    @Test
    @Order(4)
    void aLargeHistoryIsCountedTwentyPagesAheadAndNoFurther() {
        for (int i = 0; i < 1001; i++) {
            history.onAttempt(new Attempt("elsewhere", "many-" + i, "many", "{}", Duration.ofMillis(1),
                    Outcome.SUCCEEDED, "ok", 1, null, Instant.now(), null, null));
        }
        await().atMost(WAIT).until(() -> history.count(HistoryQuery.builder().taskName("many").build()) == 1001);

        browser.route("#/runs?task=many");
        eventually(() -> {
            assertThat(text(testid("runs-range"))).isEqualTo("1–50 of 1000+");
            assertThat(browser.all(testid("run-row"))).hasSize(50);
        });
        assertThat(browser.find(testid("runs-next")).isEnabled()).isTrue();
        browser.route("#/runs?task=many&offset=950");
        eventually(() -> assertThat(text(testid("runs-range"))).isEqualTo("951–1000 of 1001"));
        assertThat(browser.find(testid("runs-next")).isEnabled()).isTrue();
    }
}
