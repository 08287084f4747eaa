package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "250ms, 250",
            "10s, 10000",
            "10, 10000",
            "5m, 300000",
            "2h, 7200000",
            "1d, 86400000",
            "' 10 s ', 10000",
            "10S, 10000",
            "0, 0",
            "PT1M30S, 90000",
            "pt0.5s, 500",
            "P1D, 86400000"})
    void simpleUnitsAndIsoDurationsAreRead(String text, long millis) {
        assertThat(Durations.parse("timeout", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten", "10 seconds", "1.5s", "-5s", "10w", "s", "99999999999999999999s", "999999999999999d"})
    void textThatIsNotADurationIsRefusedNamingTheValueAndTheText(String text) {
        assertThatThrownBy(() -> Durations.parse("worker.timeout", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("worker.timeout must be a duration like 10s, 500ms or 2h, was '" + text + "'");
    }

    @Test
    void emptyOrMissingTextIsRefused() {
        assertThatThrownBy(() -> Durations.parse("delay", "  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay must be a duration like 10s, 500ms or 2h, was empty");
        assertThatThrownBy(() -> Durations.parse("delay", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("was empty");
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "1500, 1500ms", "1000, 1s", "90000, 90s", "120000, 2m", "7200000, 2h", "86400000, 1d",
            "172800000, 2d", "5400000, 90m"})
    void formatWritesTheLargestExactUnit(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 999, 1000, 61_000, 3_600_000, 86_400_000, 31_536_000_000L})
    void formatAndParseRoundTrip(long millis) {
        Duration d = Duration.ofMillis(millis);

        assertThat(Durations.parse("x", Durations.format(d))).isEqualTo(d);
    }
}
