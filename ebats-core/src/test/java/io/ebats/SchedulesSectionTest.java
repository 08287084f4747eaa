package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code schedules:} section of ebats.yml, in the shape the docs give, and its errors. */
class SchedulesSectionTest {

    @TempDir
    Path dir;

    @Test
    void theDocumentedExampleReadsAsItsSchedules() throws IOException {
        ConfigFile file = ConfigFile.load(write("""
                schedules:
                  sweep-unpaid-orders:
                    cron: "*/5 * * * *"
                    zone: Europe/Berlin
                    event: order_sweep
                    params: { limit: 100 }
                  heartbeat:
                    every: 2s
                    task: { topic: demo, name: diag.noop }
                    misfire: all
                    catchUp: 10m
                    overlap: allow
                  report:
                    cron: "0 0 6 * * *"
                    task: { topic: reports, name: daily }
                    overlap: skip
                """));

        assertThat(file.schedules()).hasSize(3);
        assertThat(file.schedules().get(2).overlap()).isEqualTo(Schedule.Overlap.SKIP);
        Schedule sweep = file.schedules().get(0);
        assertThat(sweep.name()).isEqualTo("sweep-unpaid-orders");
        assertThat(sweep.timing()).isEqualTo(ScheduleTiming.cron("*/5 * * * *", ZoneId.of("Europe/Berlin")));
        assertThat(sweep.target()).isEqualTo(new Schedule.EventTarget("order_sweep", Map.of("limit", 100)));
        assertThat(sweep.misfire()).isEqualTo(Schedule.Misfire.ONCE);
        assertThat(sweep.catchUp()).isEqualTo(Duration.ofHours(1));
        Schedule heartbeat = file.schedules().get(1);
        assertThat(heartbeat.timing()).isEqualTo(ScheduleTiming.every(Duration.ofSeconds(2)));
        assertThat(heartbeat.target()).isEqualTo(new Schedule.TaskTarget("demo", "diag.noop", Map.of()));
        assertThat(heartbeat.misfire()).isEqualTo(Schedule.Misfire.ALL);
        assertThat(heartbeat.catchUp()).isEqualTo(Duration.ofMinutes(10));
        assertThat(heartbeat.overlap()).isEqualTo(Schedule.Overlap.ALLOW);
        assertThat(heartbeat.fireId(Instant.ofEpochMilli(2000))).isEqualTo("schedule:heartbeat:2000");
    }

    @Test
    void eachBadScheduleIsAnErrorNamingTheScheduleAndTheField() throws IOException {
        assertError("s: { cron: '61 * * * *', event: e }", "schedules.s.cron '61 * * * *' is not valid");
        assertError("s: { cron: '* * *', event: e }", "schedules.s.cron must have 5 fields");
        assertError("s: { cron: '* * * * *', zone: Mars/Olympus, event: e }",
                "schedules.s.zone must be a time zone such as UTC or Europe/Berlin, was 'Mars/Olympus'");
        assertError("s: { cron: '* * * * *', every: 1s, event: e }", "schedules.s must have either cron or every, not both");
        assertError("s: { event: e }", "schedules.s must have either cron or every, has neither");
        assertError("s: { every: 1s }", "schedules.s must fire either an event or a task, has neither");
        assertError("s: { every: 1s, event: e, task: { topic: t, name: n } }", "schedules.s must fire either an event or a task, not both");
        assertError("s: { every: 500ms, event: e }", "schedules.s.every must be at least 1s, was 500ms");
        assertError("s: { every: 1s, zone: UTC, event: e }", "schedules.s.zone applies to cron only");
        assertError("s: { every: 1s, event: e, misfire: sometimes }", "schedules.s.misfire must be skip, once or all, was \"sometimes\"");
        assertError("s: { every: 1s, event: e, overlap: sometimes }", "schedules.s.overlap must be allow or skip");
        assertError("s: { every: 1s, event: e, overlap: skip }", "schedules.s.overlap skip needs a task to fire");
        assertError("s: { every: 1s, task: { topic: t, name: n }, misfire: all, overlap: skip }",
                "schedules.s.misfire all fires every missed time at once, which overlap skip forbids");
        assertError("s: { every: 1s, task: { topic: t } }", "schedules.s.task.name is required");
        assertError("s: { every: 1s, event: e, cadence: 2 }", "unknown key schedules.s.cadence");
        assertError("s: { cron: '0 0 31 2 *', event: e }", "schedules.s.cron '0 0 31 2 *' never fires");
    }

    private void assertError(String yaml, String expected) throws IOException {
        Path file = write("schedules:\n  " + yaml + "\n");
        assertThatThrownBy(() -> ConfigFile.load(file)).as(yaml).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected);
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("ebats.yml"), yaml);
    }
}
