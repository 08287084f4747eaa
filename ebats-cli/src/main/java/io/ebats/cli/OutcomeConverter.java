package io.ebats.cli;

import io.ebats.Outcome;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an {@link Outcome} in any case: {@code failed}, {@code FAILED}. */
final class OutcomeConverter implements ITypeConverter<Outcome> {

    @Override
    public Outcome convert(String value) {
        try {
            return Outcome.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not an outcome; write one of "
                    + Arrays.stream(Outcome.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
