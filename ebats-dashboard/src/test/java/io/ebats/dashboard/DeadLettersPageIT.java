package io.ebats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Outcome;
import io.ebats.store.AttemptRecord;
import io.ebats.store.HistoryQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The dead-letter page: replay and discard, one, selected or all matching; actions need the token. */
class DeadLettersPageIT extends BrowserTestSupport {

    @BeforeEach
    void openDeadLetters() {
        openDashboard();
        click(testid("nav-dead"));
    }

    @Test
    void replayRunsTheTaskAgainAndItIsDeadAgainAfterItsSecondFailure() {
        String boom = deadTask("R1");
        click(inRow("dead-row", "id", boom, "dead-replay"));

        eventually(() -> assertThat(text(testid("banner-text"))).isEqualTo("Replayed 1 dead letter."));
        List<AttemptRecord> attempts = awaitAttempts(boom, 2);
        // a replayed task starts over as a first attempt with the same id, fails, and is dead-lettered again
        assertThat(attempts).extracting(AttemptRecord::outcome).containsExactly(Outcome.FAILED, Outcome.FAILED);
        assertThat(attempts).extracting(AttemptRecord::attempt).containsExactly(1, 1);
        await().atMost(WAIT).until(() -> deadIds().contains(boom));
        eventually(() -> assertThat(browser.all(row("dead-row", "id", boom))).hasSize(1));
    }

    @Test
    void discardAsksFirstThenDeletesOneDeadLetter() {
        String kept = deadTask("D1");
        String discarded = deadTask("D2");
        eventually(() -> assertThat(browser.all(row("dead-row", "id", discarded))).hasSize(1));

        click(inRow("dead-row", "id", kept, "dead-toggle"));
        eventually(() -> assertThat(text(inRow("dead-details", "id", kept, "dead-body")))
                .contains("\"order_id\": \"D1\""));
        browser.screenshot("dashboard-dead");

        click(inRow("dead-row", "id", discarded, "dead-discard"));
        eventually(() -> assertThat(text(testid("confirm-text"))).contains(discarded, "deleted for good"));
        click(testid("confirm-cancel"));
        assertThat(deadIds()).contains(discarded);

        click(inRow("dead-row", "id", discarded, "dead-discard"));
        click(testid("confirm-ok"));
        eventually(() -> {
            assertThat(text(testid("banner-text"))).isEqualTo("Discarded 1 dead letter.");
            assertThat(browser.all(row("dead-row", "id", discarded))).isEmpty();
        });
        assertThat(deadIds()).doesNotContain(discarded).contains(kept);
        assertThat(history.count(HistoryQuery.builder().taskId(discarded).build())).isEqualTo(1);
    }

    @Test
    void selectedOnesAreDiscardedAndAllMatchingTheFilterAreReplayed() {
        String first = deadTask("S1");
        String second = deadTask("S2");
        String matching = deadTask("MATCH-7");

        click(inRow("dead-row", "id", first, "dead-select"));
        click(inRow("dead-row", "id", second, "dead-select"));
        assertThat(text(testid("refresh-state"))).isEqualTo("paused: 2 selected");
        assertThat(text(testid("dead-discard-selected"))).isEqualTo("Discard selected (2)");
        click(testid("dead-discard-selected"));
        assertThat(text(testid("confirm-text"))).contains("2 selected dead letters");
        click(testid("confirm-ok"));
        eventually(() -> assertThat(text(testid("banner-text"))).isEqualTo("Discarded 2 dead letters."));
        assertThat(deadIds()).doesNotContain(first, second).contains(matching);

        browser.find(testid("filter-q")).sendKeys("match-7");
        eventually(() -> assertThat(browser.all(testid("dead-row"))).singleElement()
                .satisfies(row -> assertThat(row.getDomAttribute("data-id")).isEqualTo(matching)));
        click(testid("dead-replay-all"));
        assertThat(text(testid("confirm-text"))).contains("all dead letters of topic:" + topic, "text \"match-7\"");
        click(testid("confirm-ok"));
        eventually(() -> assertThat(text(testid("banner-text"))).isEqualTo("Replayed 1 dead letter."));
        awaitAttempts(matching, 2);
    }

    @Test
    void withoutTheTokenAReplayShowsTheErrorAndChangesNothing() {
        String boom = deadTask("T1");
        browser.script("sessionStorage.clear()");
        browser.reload();
        eventually(() -> assertThat(browser.all(row("dead-row", "id", boom))).hasSize(1));
        assertThat(text(testid("token-state"))).isEqualTo("not set");

        click(inRow("dead-row", "id", boom, "dead-replay"));

        eventually(() -> {
            WebElement banner = browser.find(testid("banner"));
            assertThat(banner.getDomAttribute("data-kind")).isEqualTo("error");
            assertThat(banner.getText()).contains("Token missing or wrong");
        });
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                history.count(HistoryQuery.builder().taskId(boom).build()) == 1 && deadIds().contains(boom));
        assertThat(browser.all(row("dead-row", "id", boom))).hasSize(1);

        WebElement field = browser.find(testid("token-input"));
        field.sendKeys(dashboard.token(), Keys.ENTER);
        eventually(() -> assertThat(text(testid("token-state"))).isEqualTo("set"));
        click(inRow("dead-row", "id", boom, "dead-replay"));
        eventually(() -> assertThat(text(testid("banner-text"))).isEqualTo("Replayed 1 dead letter."));
        awaitAttempts(boom, 2);
    }

    /** A boom task, once it is in the dead-letter queue and on the page. */
    private String deadTask(String orderId) {
        String id = task("boom", Map.of("order_id", orderId, "customer", "Ada"));
        awaitAttempts(id, 1);
        await().atMost(WAIT).until(() -> deadIds().contains(id));
        eventually(() -> assertThat(browser.all(row("dead-row", "id", id))).hasSize(1));
        return id;
    }
}
