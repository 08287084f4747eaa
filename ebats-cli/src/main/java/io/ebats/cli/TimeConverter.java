package io.ebats.cli;

import io.ebats.Durations;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a point in time: ISO-8601 ({@code 2026-12-03T10:00:00Z}, with an offset, or local time in this machine's
 * zone), a date (its start, local time), or how long ago as a duration ({@code 30m}, {@code 2h}, {@code 1d},
 * {@code PT30M}).
 */
final class TimeConverter implements ITypeConverter<Instant> {

    private final Clock clock;

    TimeConverter() {
        this(Clock.systemDefaultZone());
    }

    TimeConverter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        String text = value.trim();
        try {
            if (text.contains("T") && !text.toUpperCase(Locale.ROOT).startsWith("P")) {
                return text.endsWith("Z") ? Instant.parse(text) : offsetOrLocal(text);
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text).atStartOfDay(clock.getZone()).toInstant();
            }
            return clock.instant().minus(Durations.parse("time", text));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a time; write 2026-12-03T10:00:00Z, "
                    + "2026-12-03, or how long ago, like 30m, 2h or 1d");
        }
    }

    private Instant offsetOrLocal(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).atZone(clock.getZone()).toInstant();
        }
    }
}
