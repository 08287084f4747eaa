package io.ebats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.NewTask;
import io.ebats.Outcome;
import io.ebats.store.AttemptRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The task page's Cancel button, behind the token: a delayed task that never runs, a running one interrupted. */
class TaskCancelIT extends BrowserTestSupport {

    @Test
    void aDelayedTaskWithNoAttemptYetIsCancelledFromItsPage() {
        String delayed = ebats.tasks().create(NewTask.of(topic, "ok", Map.of("order_id", "C1"))
                .withDelay(Duration.ofHours(1)));
        openDashboard();
        browser.route("#/task/" + delayed);
        eventually(() -> assertThat(text(testid("task-missing"))).isEqualTo("No attempt of this task is stored (yet)."));

        click(testid("task-cancel"));

        eventually(() -> assertThat(text(testid("banner-text")))
                .isEqualTo("Cancelled: it does not run when it arrives, and a run of it is interrupted."));
        assertThat(history.cancelledIds()).contains(delayed);
    }

    @Test
    void aRunningTaskIsInterruptedAndItsPageShowsItCancelledWithoutTheButton() {
        String slow = task("slow", Map.of("order_id", "C2"));
        await().atMost(WAIT).until(() -> ebats.status(List.of(topic)).topics().getFirst().inFlight() == 1);
        openDashboard();
        browser.route("#/task/" + slow);
        eventually(() -> assertThat(browser.all(testid("task-cancel"))).hasSize(1));

        click(testid("task-cancel"));

        AttemptRecord attempt = awaitAttempts(slow, 1).getFirst();
        assertThat(attempt.outcome()).isEqualTo(Outcome.CANCELLED);
        eventually(() -> assertThat(browser.all(testid("attempt"))).hasSize(1));
        eventually(() -> assertThat(text(testid("outcome"))).isEqualTo("CANCELLED"));
        assertThat(browser.all(testid("task-cancel"))).isEmpty();
        browser.screenshot("dashboard-task-cancelled");
    }
}
