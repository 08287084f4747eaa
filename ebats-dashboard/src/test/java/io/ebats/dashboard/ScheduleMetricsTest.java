package io.ebats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.Schedule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The schedules' meters, in the Prometheus text of the dashboard's registry. */
class ScheduleMetricsTest {

    @Test
    void firesLatenessMisfiresAndOverlapsAreCountedBySchedule() {
        TaskMetrics tasks = new TaskMetrics();
        ScheduleMetrics metrics = new ScheduleMetrics(tasks.registry());
        Schedule beat = Schedule.every("beat", Duration.ofSeconds(2)).task("demo", "diag.noop", null)
                .misfire(Schedule.Misfire.SKIP).build();

        metrics.fired(beat, Instant.EPOCH, "schedule:beat:0", Duration.ofMillis(12));
        metrics.fired(beat, Instant.EPOCH.plusSeconds(2), "schedule:beat:2000", Duration.ofMillis(30));
        metrics.misfired(beat, 5);
        metrics.overlapped(beat, Instant.EPOCH.plusSeconds(4), "schedule:beat:2000");

        String scrape = tasks.scrape();
        assertThat(scrape).contains("ebats_schedule_fires_total{schedule=\"beat\"} 2.0")
                .contains("ebats_schedule_lateness_seconds_count{schedule=\"beat\"} 2")
                .contains("ebats_schedule_lateness_seconds_max{schedule=\"beat\"} 0.03")
                .contains("ebats_schedule_misfires_total{policy=\"skip\",schedule=\"beat\"} 5.0")
                .contains("ebats_schedule_overlaps_total{schedule=\"beat\"} 1.0");
    }
}
