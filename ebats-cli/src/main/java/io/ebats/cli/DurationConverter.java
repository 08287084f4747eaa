package io.ebats.cli;

import io.ebats.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations the way {@code ebats.yml} does: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h}, ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse("duration", value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a duration; write 500ms, 10s, 5m, 2h, 1d or PT10S");
        }
    }
}
