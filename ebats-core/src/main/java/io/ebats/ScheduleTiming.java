package io.ebats;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;
import java.util.Optional;

/**
 * When a {@link Schedule} fires: by a cron expression in a time zone, or at a fixed rate aligned to the epoch.
 * Each nominal time is an instant; {@link #nextAfter} gives them in order, each once. Immutable and thread-safe.
 */
public sealed interface ScheduleTiming permits ScheduleTiming.CronTiming, ScheduleTiming.FixedRate {

    /** The shortest interval of a fixed rate. */
    Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /** The first nominal time strictly after {@code instant}; empty when there is none (a cron of no future). */
    Optional<Instant> nextAfter(Instant instant);

    /** The latest nominal time at or before {@code instant}; empty when there is none within a year back. */
    Optional<Instant> latestAtOrBefore(Instant instant);

    /** How it reads in a listing: {@code cron "*&#47;5 * * * *" Europe/Berlin} or {@code every 2s}. */
    String describe();

    /**
     * A cron expression of 5 fields (Unix: minute hour day-of-month month day-of-week) or 6 (Spring and Quartz
     * style, seconds first), in {@code zone}.
     *
     * @throws IllegalArgumentException naming what is wrong with the expression, or when it never fires
     */
    static CronTiming cron(String expression, ZoneId zone) {
        return new CronTiming(expression, zone);
    }

    /**
     * Every {@code interval}, at the multiples of it since the epoch (every 2 s: at :00, :02, … of each minute).
     *
     * @throws IllegalArgumentException when the interval is under {@link #MIN_INTERVAL} or not whole milliseconds
     */
    static FixedRate every(Duration interval) {
        return new FixedRate(interval);
    }

    /**
     * Cron in a time zone. Its fields are matched against the zone's wall clock: a wall time that the zone skips
     * (the hour a DST change jumps over) fires once, at the instant the clock jumps; a wall time that occurs
     * twice (the hour a DST change repeats) fires once, at its first occurrence.
     *
     */
    final class CronTiming implements ScheduleTiming {

        private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
        private static final CronParser SECONDS =
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));
        /** How far {@link #latestAtOrBefore} and the never-fires check look. */
        private static final Duration HORIZON = Duration.ofDays(366 * 4 + 1);

        private final String expression;
        private final ZoneId zone;
        private final ExecutionTime execution;

        CronTiming(String expression, ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            if (expression == null || expression.isBlank()) {
                throw new IllegalArgumentException("cron must be an expression of 5 or 6 fields, was empty");
            }
            this.expression = expression;
            this.execution = parse(expression);
            Instant now = Instant.now();
            if (nextAfter(now).filter(next -> next.isBefore(now.plus(HORIZON))).isEmpty()) {
                throw new IllegalArgumentException("cron '" + expression + "' never fires");
            }
        }

        /** The expression as given. */
        public String expression() {
            return expression;
        }

        /** The zone of its wall clock. */
        public ZoneId zone() {
            return zone;
        }

        private static ExecutionTime parse(String expression) {
            String trimmed = expression.trim();
            int fields = trimmed.split("\\s+").length;
            if (fields != 5 && fields != 6) {
                throw new IllegalArgumentException("cron must have 5 fields (minute hour day month weekday) or 6 "
                        + "(seconds first), was '" + expression + "' (" + fields + " fields)");
            }
            try {
                Cron cron = (fields == 5 ? UNIX : SECONDS).parse(trimmed);
                cron.validate();
                return ExecutionTime.forCron(cron);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cron '" + expression + "' is not valid: " + e.getMessage(), e);
            }
        }

        @Override
        public Optional<Instant> nextAfter(Instant instant) {
            // wall times, matched on a clock without DST (UTC), then placed in the zone; no wall time before the
            // instant's own lies after it, but some after it lie before it (the second pass of an overlap)
            LocalDateTime wall = LocalDateTime.ofInstant(instant, zone);
            for (int i = 0; i < 100_000; i++) {
                Optional<ZonedDateTime> next = execution.nextExecution(wall.atZone(ZoneOffset.UTC));
                if (next.isEmpty()) {
                    return Optional.empty();
                }
                wall = next.get().toLocalDateTime();
                Instant at = instantOf(wall);
                if (at.isAfter(instant)) {
                    return Optional.of(at);
                }
            }
            throw new IllegalStateException("cron '" + expression + "': no next time found after " + instant);
        }

        @Override
        public Optional<Instant> latestAtOrBefore(Instant instant) {
            // in the second pass of an overlap, wall times after the instant's own lie before it
            LocalDateTime wall = LocalDateTime.ofInstant(instant, zone).plusHours(3);
            LocalDateTime limit = wall.minus(HORIZON);
            for (int i = 0; i < 100_000 && wall.isAfter(limit); i++) {
                Optional<ZonedDateTime> last = execution.lastExecution(wall.atZone(ZoneOffset.UTC));
                if (last.isEmpty()) {
                    return Optional.empty();
                }
                wall = last.get().toLocalDateTime();
                Instant at = instantOf(wall);
                if (!at.isAfter(instant)) {
                    return Optional.of(at);
                }
            }
            return Optional.empty();
        }

        /** The instant of a wall time: the first of two in an overlap, the end of the gap for one skipped. */
        private Instant instantOf(LocalDateTime wall) {
            ZoneOffsetTransition transition = zone.getRules().getTransition(wall);
            if (transition != null && transition.isGap()) {
                return transition.getInstant();
            }
            return ZonedDateTime.ofLocal(wall, zone, null).withEarlierOffsetAtOverlap().toInstant();
        }

        @Override
        public String describe() {
            return "cron \"" + expression + "\" " + zone.getId();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CronTiming other && expression.equals(other.expression) && zone.equals(other.zone);
        }

        @Override
        public int hashCode() {
            return Objects.hash(expression, zone);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * A fixed rate, aligned to the epoch so that every process computes the same nominal times.
     *
     * @param interval time between two nominal times
     */
    record FixedRate(Duration interval) implements ScheduleTiming {

        public FixedRate {
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(MIN_INTERVAL) < 0) {
                throw new IllegalArgumentException("every must be at least 1s, was " + Durations.format(interval));
            }
            if (interval.toNanos() % 1_000_000 != 0) {
                throw new IllegalArgumentException("every must be whole milliseconds, was " + interval);
            }
        }

        @Override
        public Optional<Instant> nextAfter(Instant instant) {
            long period = interval.toMillis();
            long millis = instant.toEpochMilli();
            return Optional.of(Instant.ofEpochMilli(Math.floorDiv(millis, period) * period + period));
        }

        @Override
        public Optional<Instant> latestAtOrBefore(Instant instant) {
            long period = interval.toMillis();
            return Optional.of(Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), period) * period));
        }

        @Override
        public String describe() {
            return "every " + Durations.format(interval);
        }
    }

    /** A zone by its id, such as {@code Europe/Berlin} or {@code UTC}; the error names the field. */
    static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone must be a time zone such as UTC or Europe/Berlin, was '" + id + "'");
        }
    }
}
