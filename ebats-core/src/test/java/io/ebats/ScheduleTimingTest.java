package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nominal times of cron and fixed-rate timings, DST changes included, computed by cron-utils on wall times. */
class ScheduleTimingTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aUnixCronGivesItsTimesInOrderInUtc() {
        ScheduleTiming every5 = ScheduleTiming.cron("*/5 * * * *", ZoneOffset.UTC);

        assertThat(times(every5, Instant.parse("2026-12-07T10:03:00Z"), 3)).containsExactly(
                Instant.parse("2026-12-07T10:05:00Z"), Instant.parse("2026-12-07T10:10:00Z"),
                Instant.parse("2026-12-07T10:15:00Z"));
        assertThat(every5.nextAfter(Instant.parse("2026-12-07T10:05:00Z")))
                .as("strictly after").contains(Instant.parse("2026-12-07T10:10:00Z"));
        assertThat(every5.latestAtOrBefore(Instant.parse("2026-12-07T10:05:00Z")))
                .contains(Instant.parse("2026-12-07T10:05:00Z"));
        assertThat(every5.latestAtOrBefore(Instant.parse("2026-12-07T10:09:59Z")))
                .contains(Instant.parse("2026-12-07T10:05:00Z"));
    }

    @Test
    void sixFieldsHaveSecondsFirst() {
        ScheduleTiming every10s = ScheduleTiming.cron("*/10 * * * * *", ZoneOffset.UTC);

        assertThat(every10s.nextAfter(Instant.parse("2026-12-07T10:00:01Z")))
                .contains(Instant.parse("2026-12-07T10:00:10Z"));
        assertThat(ScheduleTiming.cron("0 30 9 * * MON-FRI", BERLIN).nextAfter(Instant.parse("2026-12-05T12:00:00Z")))
                .as("Saturday noon: next is Monday 09:30 in Berlin, 08:30 UTC")
                .contains(Instant.parse("2026-12-07T08:30:00Z"));
    }

    @Test
    void aWallTimeTheSpringChangeSkipsFiresOnceWhenTheClockJumps() {
        // 29 March 2026: Berlin's clocks jump from 02:00 to 03:00 (01:00 UTC); 02:30 does not exist that day
        ScheduleTiming daily = ScheduleTiming.cron("30 2 * * *", BERLIN);

        assertThat(times(daily, Instant.parse("2026-03-28T12:00:00Z"), 3)).containsExactly(
                Instant.parse("2026-03-29T01:00:00Z"), // 03:00 CEST, the first valid instant
                Instant.parse("2026-03-30T00:30:00Z"), // 02:30 CEST
                Instant.parse("2026-03-31T00:30:00Z"));
    }

    @Test
    void everyWallTimeOfTheSkippedHourCollapsesIntoOneFire() {
        ScheduleTiming every15 = ScheduleTiming.cron("*/15 * * * *", BERLIN);

        assertThat(times(every15, Instant.parse("2026-03-29T00:40:00Z"), 4)).containsExactly(
                Instant.parse("2026-03-29T00:45:00Z"), // 01:45 CET
                Instant.parse("2026-03-29T01:00:00Z"), // 02:00, 02:15, 02:30, 02:45 do not exist: once, at 03:00 CEST
                Instant.parse("2026-03-29T01:15:00Z"), // 03:15 CEST
                Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void aWallTimeTheAutumnChangeRepeatsFiresOnceAtItsFirstOccurrence() {
        // 25 October 2026: Berlin's clocks go back from 03:00 CEST to 02:00 CET (01:00 UTC); 02:30 occurs twice
        ScheduleTiming daily = ScheduleTiming.cron("30 2 * * *", BERLIN);
        assertThat(times(daily, Instant.parse("2026-10-24T12:00:00Z"), 2)).containsExactly(
                Instant.parse("2026-10-25T00:30:00Z"), // 02:30 CEST; not again at 02:30 CET (01:30 UTC)
                Instant.parse("2026-10-26T01:30:00Z")); // 02:30 CET

        ScheduleTiming every30 = ScheduleTiming.cron("*/30 * * * *", BERLIN);
        assertThat(times(every30, Instant.parse("2026-10-24T23:50:00Z"), 5)).containsExactly(
                Instant.parse("2026-10-25T00:00:00Z"), // 02:00 CEST
                Instant.parse("2026-10-25T00:30:00Z"), // 02:30 CEST
                Instant.parse("2026-10-25T02:00:00Z"), // 03:00 CET: the repeated 02:00 and 02:30 CET do not fire
                Instant.parse("2026-10-25T02:30:00Z"),
                Instant.parse("2026-10-25T03:00:00Z"));
        assertThat(every30.nextAfter(Instant.parse("2026-10-25T01:10:00Z"))).as("from within the repeated hour")
                .contains(Instant.parse("2026-10-25T02:00:00Z"));
        assertThat(every30.latestAtOrBefore(Instant.parse("2026-10-25T01:40:00Z"))).as("02:40 CET: last was 02:30 CEST")
                .contains(Instant.parse("2026-10-25T00:30:00Z"));
    }

    @Test
    void aFixedRateIsAlignedToTheEpoch() {
        ScheduleTiming every2s = ScheduleTiming.every(Duration.ofSeconds(2));

        assertThat(every2s.nextAfter(Instant.parse("2026-12-07T10:00:01.500Z")))
                .contains(Instant.parse("2026-12-07T10:00:02Z"));
        assertThat(every2s.nextAfter(Instant.parse("2026-12-07T10:00:02Z")))
                .contains(Instant.parse("2026-12-07T10:00:04Z"));
        assertThat(every2s.latestAtOrBefore(Instant.parse("2026-12-07T10:00:03.999Z")))
                .contains(Instant.parse("2026-12-07T10:00:02Z"));
        assertThat(every2s.describe()).isEqualTo("every 2s");
    }

    @Test
    void badTimingsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> ScheduleTiming.cron("61 * * * *", ZoneOffset.UTC))
                .hasMessageContaining("cron '61 * * * *' is not valid").hasMessageContaining("61");
        assertThatThrownBy(() -> ScheduleTiming.cron("* * *", ZoneOffset.UTC))
                .hasMessageContaining("5 fields").hasMessageContaining("(3 fields)");
        assertThatThrownBy(() -> ScheduleTiming.cron("0 0 31 2 *", ZoneOffset.UTC))
                .hasMessage("cron '0 0 31 2 *' never fires");
        assertThatThrownBy(() -> ScheduleTiming.cron(" ", ZoneOffset.UTC)).hasMessageContaining("was empty");
        assertThatThrownBy(() -> ScheduleTiming.every(Duration.ofMillis(999))).hasMessage("every must be at least 1s, was 999ms");
        assertThatThrownBy(() -> ScheduleTiming.zone("Mars/Olympus"))
                .hasMessage("zone must be a time zone such as UTC or Europe/Berlin, was 'Mars/Olympus'");
    }

    private static List<Instant> times(ScheduleTiming timing, Instant from, int count) {
        List<Instant> times = new ArrayList<>();
        Instant at = from;
        for (int i = 0; i < count; i++) {
            at = timing.nextAfter(at).orElseThrow();
            times.add(at);
        }
        return times;
    }
}
