package io.ebats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Values from tasks are shown as text on every page: markup in params or errors never runs. */
class TextRenderingIT extends BrowserTestSupport {

    static final String SCRIPT = "<script>window.__xss=1</script>";
    static final String IMAGE = "<img src=x onerror=\"window.__xss=2\">";

    @Test
    void markupInParamsIsShownAsTextAndNeverRuns() {
        String boom = task("boom", Map.of("order_id", IMAGE, "note", SCRIPT));
        awaitAttempts(boom, 1);
        await().atMost(WAIT).until(() -> deadIds().contains(boom));

        openDashboard();
        browser.route("#/runs");
        eventually(() -> assertThat(text(inRow("run-row", "task-id", boom, "run-error")))
                .isEqualTo("TaskException boom for " + IMAGE));
        assertThat(browser.find(inRow("run-row", "task-id", boom, "run-params")).getDomProperty("textContent"))
                .contains(SCRIPT.replace("\"", "\\\""), IMAGE.replace("\"", "\\\""));

        browser.route("#/task/" + boom);
        eventually(() -> assertThat(text(testid("attempt-params"))).contains(SCRIPT, IMAGE.replace("\"", "\\\"")));
        assertThat(text(testid("attempt-error"))).isEqualTo("io.ebats.TaskException: boom for " + IMAGE);

        browser.route("#/dead");
        click(inRow("dead-row", "id", boom, "dead-toggle"));
        eventually(() -> assertThat(text(inRow("dead-details", "id", boom, "dead-body"))).contains(SCRIPT));
        assertThat(text(inRow("dead-row", "id", boom, "dead-error"))).isEqualTo("TaskException boom for " + IMAGE);

        assertThat(browser.script("return window.__xss")).isNull();
        assertThat(browser.all(By.cssSelector("#view img, #view script"))).isEmpty();
    }
}
