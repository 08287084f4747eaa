package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ebats bench-store} on a temporary SQLite file (the default) and H2 file. */
class StoreBenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsEachRoundAndTheMedians() {
        CliRunner.Result result = new CliRunner(Map.of(), dir)
                .run("bench-store", "--rounds", "3", "--records", "1000", "--rate", "0");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("history store alone on sqlite file")
                .containsPattern("(?m)^3\\s+1000\\s+\\d+\\s+[\\d.]+\\s+[\\d.]+")
                .contains("median of rounds 3-3: process");
        assertThat(result.err()).contains("bench-store: round 1 of 3", "bench-store: round 3 of 3");
    }

    @Test
    void runsOnATemporaryH2FileToo() {
        CliRunner.Result result = new CliRunner(Map.of(), dir)
                .run("bench-store", "--rounds", "1", "--records", "1000", "--rate", "0", "--history-url", "jdbc:h2:");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("history store alone on h2 file");
    }

    @Test
    void aNegativeRateIsAUsageError() {
        CliRunner.Result result = new CliRunner(Map.of(), dir).run("bench-store", "--rate", "-1");

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("rate must be 0 (as fast as the store writes) or more, was -1");
    }
}
