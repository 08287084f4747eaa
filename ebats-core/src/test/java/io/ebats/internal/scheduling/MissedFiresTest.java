package io.ebats.internal.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What a schedule fires after a gap: late times fire, misfires as the policy says. */
class MissedFiresTest {

    private static final Instant NOW = Instant.ofEpochMilli(130_500);

    @Test
    void aScheduleThatNeverFiredStartsWithItsNextTime() {
        assertThat(MissedFires.at(everySecond(Schedule.Misfire.ALL), null, NOW).fires()).isEmpty();
    }

    @Test
    void timesAtMostFiveSecondsLateAreNotMisfiresAndFire() {
        assertThat(MissedFires.at(everySecond(Schedule.Misfire.SKIP), at(129), NOW).fires()).containsExactly(at(130));
        assertThat(MissedFires.at(everySecond(Schedule.Misfire.SKIP), at(130), NOW).fires()).isEmpty();
        assertThat(MissedFires.at(everySecond(Schedule.Misfire.SKIP), at(126), NOW))
                .isEqualTo(new MissedFires.Due(List.of(at(127), at(128), at(129), at(130)), 0));
    }

    @Test
    void skipFiresNoneOfTheMisfires() {
        MissedFires.Due due = MissedFires.at(everySecond(Schedule.Misfire.SKIP), at(100), NOW);

        assertThat(due.fires()).containsExactly(at(126), at(127), at(128), at(129), at(130));
        assertThat(due.skipped()).isEqualTo(25); // 101 … 125
    }

    @Test
    void onceFiresTheLatestMisfireOnly() {
        MissedFires.Due due = MissedFires.at(everySecond(Schedule.Misfire.ONCE), at(100), NOW);

        assertThat(due.fires()).containsExactly(at(125), at(126), at(127), at(128), at(129), at(130));
        assertThat(due.skipped()).isEqualTo(24);
    }

    @Test
    void allFiresEveryMisfireOldestFirstWithinItsCatchUpWindow() {
        MissedFires.Due all = MissedFires.at(everySecond(Schedule.Misfire.ALL), at(100), NOW);
        assertThat(all.fires()).containsExactlyElementsOf(seconds(101, 130));
        assertThat(all.skipped()).isZero();

        Schedule tenSeconds = Schedule.every("s", Duration.ofSeconds(1)).task("t", "n", null)
                .misfire(Schedule.Misfire.ALL).catchUp(Duration.ofSeconds(10)).build();
        MissedFires.Due window = MissedFires.at(tenSeconds, at(100), NOW);
        assertThat(window.fires()).containsExactlyElementsOf(seconds(121, 130)); // 120.5 s and later
        assertThat(window.skipped()).isEqualTo(20);
    }

    @Test
    void aMinuteCronDownForAnHourCatchesUpOnceByDefault() {
        Schedule minutely = Schedule.cron("m", "* * * * *").event("tick", null).build();
        Instant now = Instant.parse("2026-12-07T11:00:02Z");

        MissedFires.Due due = MissedFires.at(minutely, Instant.parse("2026-12-07T10:00:00Z"), now);

        // 10:59 is the latest misfire, fired once for the 59 missed; 11:00 is 2 s late, not a misfire
        assertThat(due.fires()).containsExactly(Instant.parse("2026-12-07T10:59:00Z"),
                Instant.parse("2026-12-07T11:00:00Z"));
        assertThat(due.skipped()).isEqualTo(58);
        MissedFires.Due later = MissedFires.at(minutely, Instant.parse("2026-12-07T10:00:00Z"), now.plusSeconds(10));
        assertThat(later.fires()).containsExactly(Instant.parse("2026-12-07T11:00:00Z")); // 12 s late: the latest misfire
        assertThat(later.skipped()).isEqualTo(59);
    }

    private static Schedule everySecond(Schedule.Misfire misfire) {
        return Schedule.every("s", Duration.ofSeconds(1)).task("t", "n", null).misfire(misfire).build();
    }

    private static Instant at(long second) {
        return Instant.ofEpochSecond(second);
    }

    private static List<Instant> seconds(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(MissedFiresTest::at).toList();
    }
}
