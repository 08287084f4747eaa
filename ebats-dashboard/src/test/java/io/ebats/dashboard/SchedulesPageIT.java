package io.ebats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.Schedule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedules page: the firing process's schedules, paused, triggered and resumed with a click. */
class SchedulesPageIT extends BrowserTestSupport {

    @Test
    void theSchedulesPageListsAScheduleAndPausesTriggersAndResumesIt() {
        ebats.startSchedules(List.of(Schedule.every("ui-tick", Duration.ofSeconds(1)).task(topic, "ok", null).build()));

        openDashboard();
        click(testid("nav-schedules"));
        eventually(() -> {
            assertThat(text(inRow("schedule-row", "name", "ui-tick", "schedule-timing"))).isEqualTo("every 1s");
            assertThat(text(inRow("schedule-row", "name", "ui-tick", "schedule-fires"))).isEqualTo("task " + topic + "/ok");
            assertThat(text(inRow("schedule-row", "name", "ui-tick", "schedule-state"))).isEqualTo("active");
            assertThat(text(inRow("schedule-row", "name", "ui-tick", "schedule-last"))).isNotEqualTo("-");
        });
        browser.screenshot("dashboard-schedules");

        click(inRow("schedule-row", "name", "ui-tick", "schedule-pause"));
        eventually(() -> assertThat(text(testid("banner-text"))).isEqualTo("Paused ui-tick."));
        eventually(() -> assertThat(text(inRow("schedule-row", "name", "ui-tick", "schedule-state"))).isEqualTo("paused"));

        click(inRow("schedule-row", "name", "ui-tick", "schedule-trigger"));
        eventually(() -> assertThat(text(testid("banner-text"))).startsWith("Triggered ui-tick: schedule:ui-tick:manual:"));

        click(inRow("schedule-row", "name", "ui-tick", "schedule-resume"));
        eventually(() -> assertThat(text(inRow("schedule-row", "name", "ui-tick", "schedule-state"))).isEqualTo("active"));
    }
}
