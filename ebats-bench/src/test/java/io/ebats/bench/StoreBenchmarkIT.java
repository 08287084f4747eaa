package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The history store alone, on the embedded H2 and on the real PostgreSQL. */
class StoreBenchmarkIT {

    private static final String POSTGRES = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String POSTGRES_USER = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_USER", "postgres");
    private static final String POSTGRES_PASSWORD = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_PASSWORD", "");

    @Test
    void everyRoundIsWrittenToH2AndItsCpuIsSplitByThread() {
        List<StoreBenchmark.Round> progress = new ArrayList<>();
        List<StoreBenchmark.Round> rounds = new StoreBenchmark(new StoreBenchmark.Options(3, 2_000, 0, 300),
                HistoryDatabase.temporaryH2()).run(progress::add);

        assertThat(progress).isEqualTo(rounds);
        assertThat(rounds).extracting(StoreBenchmark.Round::index).containsExactly(1, 2, 3);
        assertThat(rounds).allSatisfy(round -> {
            assertThat(round.records()).isEqualTo(2_000);
            assertThat(round.elapsedNanos()).isPositive();
            assertThat(round.writerNanos()).isPositive();
            assertThat(round.databaseThreadsNanos()).isNotNegative();
            assertThat(round.processNanos()).isGreaterThanOrEqualTo(round.writerNanos());
        });
        assertThat(StoreBenchmark.table(rounds, "h2 file")).startsWith("history store alone on h2 file")
                .contains("round", "rec/s", "writer", "median of rounds 3-3");
    }

    @Test
    void aPaceIsKeptAndPostgresIsLeftWithoutTheRunsSchema() throws Exception {
        Set<String> before = benchSchemas();
        List<StoreBenchmark.Round> rounds = new StoreBenchmark(new StoreBenchmark.Options(1, 500, 2_000, 300),
                HistoryDatabase.jdbc(POSTGRES, POSTGRES_USER, POSTGRES_PASSWORD)).run(round -> { });

        assertThat(rounds).singleElement().satisfies(round -> {
            assertThat(round.records()).isEqualTo(500);
            assertThat(round.elapsedNanos()).as("500 records at 2,000 a second").isGreaterThan(240_000_000L);
            assertThat(round.writerNanos()).isPositive();
        });
        assertThat(benchSchemas()).isEqualTo(before);
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> new StoreBenchmark.Options(0, 1, 0, 300)).hasMessageContaining("rounds");
        assertThatThrownBy(() -> new StoreBenchmark.Options(1, 1, -1, 300)).hasMessageContaining("rate");
        assertThatThrownBy(() -> new StoreBenchmark.Options(1, 1, 0, 10)).hasMessageContaining("message size");
    }

    @Test
    void theMedianIsTheMiddleValueOrTheMeanOfTheTwo() {
        assertThat(Rates.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Rates.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
    }

    private static Set<String> benchSchemas() throws Exception {
        Set<String> schemas = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(POSTGRES, POSTGRES_USER, POSTGRES_PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT schema_name FROM information_schema.schemata"
                     + " WHERE schema_name LIKE 'ebats_bench_%'")) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
        }
        return schemas;
    }
}
