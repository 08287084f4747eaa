package io.ebats.internal.scheduling;

import io.ebats.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which nominal times of a schedule are due at {@code now}, given the last one fired: those at most
 * {@link Schedule#MISFIRE_THRESHOLD} late are simply late and fire; older ones are misfires, handled by the
 * schedule's {@link Schedule.Misfire} policy. Pure: no clock, no broker.
 */
final class MissedFires {

    /** Most nominal times {@link Schedule.Misfire#ALL} fires at one start, whatever its catch-up window. */
    static final int MAX_CATCH_UP_FIRES = 10_000;

    private MissedFires() {
    }

    /**
     * The nominal times to fire now, oldest first, and how many were misfires left out.
     *
     * @param fires   the times to fire
     * @param skipped misfires that the policy does not fire
     */
    record Due(List<Instant> fires, long skipped) {
    }

    /**
     * @param last the last nominal time fired; null for a schedule that never fired, which starts with its next
     *             time (no catch-up for what it never knew)
     */
    static Due at(Schedule schedule, Instant last, Instant now) {
        if (last == null) {
            return new Due(List.of(), 0);
        }
        Instant lateSince = now.minus(Schedule.MISFIRE_THRESHOLD);
        List<Instant> fires = new ArrayList<>();
        long skipped = 0;
        Optional<Instant> latestMissed = schedule.timing().latestAtOrBefore(lateSince.minusMillis(1))
                .filter(missed -> missed.isAfter(last));
        if (latestMissed.isPresent()) {
            switch (schedule.misfire()) {
                case SKIP -> skipped = count(schedule, last, latestMissed.get());
                case ONCE -> {
                    fires.add(latestMissed.get());
                    skipped = count(schedule, last, latestMissed.get()) - 1;
                }
                case ALL -> {
                    Instant from = later(last, now.minus(schedule.catchUp()).minusMillis(1));
                    List<Instant> caughtUp = between(schedule, from, latestMissed.get());
                    fires.addAll(caughtUp);
                    skipped = count(schedule, last, latestMissed.get()) - caughtUp.size();
                }
            }
        }
        Instant lateFrom = later(last, later(lateSince.minusMillis(1), latestMissed.orElse(last)));
        fires.addAll(between(schedule, lateFrom, now));
        return new Due(List.copyOf(fires), Math.max(0, skipped));
    }

    /** Nominal times in (after, until], oldest first, at most {@link #MAX_CATCH_UP_FIRES}. */
    private static List<Instant> between(Schedule schedule, Instant after, Instant until) {
        List<Instant> times = new ArrayList<>();
        Optional<Instant> next = schedule.timing().nextAfter(after);
        while (next.isPresent() && !next.get().isAfter(until) && times.size() < MAX_CATCH_UP_FIRES) {
            times.add(next.get());
            next = schedule.timing().nextAfter(next.get());
        }
        return times;
    }

    /** Nominal times in (after, until], counted up to a bound (a second-rate schedule down for a day). */
    private static long count(Schedule schedule, Instant after, Instant until) {
        long count = 0;
        Optional<Instant> next = schedule.timing().nextAfter(after);
        while (next.isPresent() && !next.get().isAfter(until) && count < 10L * MAX_CATCH_UP_FIRES) {
            count++;
            next = schedule.timing().nextAfter(next.get());
        }
        return count;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
