package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.BrokerSettings;
import io.ebats.EbatsConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code history} scenario end to end on RabbitMQ, with a few tasks: every attempt ends up as a row, and
 * the database is removed afterwards. No speed asserted.
 */
class HistoryScenarioIT {

    private static final String POSTGRES = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String POSTGRES_USER = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_USER", "postgres");
    private static final String POSTGRES_PASSWORD = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_PASSWORD", "");
    private static final BenchmarkOptions SMALL = BenchmarkOptions.defaults().withMessages(300).withWarmup(30)
            .withTimeout(Duration.ofSeconds(30));

    @Test
    void historyAndDirectAlternateAndEveryRowIsWrittenToSqliteByDefault() {
        Report report = benchmark().run(Scenario.parse("direct,history"));

        assertThat(report.problems()).isEmpty();
        ScenarioResult direct = report.result(Scenario.DIRECT).orElseThrow();
        ScenarioResult history = report.result(Scenario.HISTORY).orElseThrow();
        assertThat(direct.done()).isEqualTo(300);
        assertThat(history.done()).isEqualTo(300);
        assertThat(direct.rounds()).isEqualTo(Benchmark.PAIRED_ROUNDS);
        assertThat(history.rounds()).isEqualTo(Benchmark.PAIRED_ROUNDS);
        assertThat(direct.history()).isNull();
        HistoryWrites writes = history.history();
        assertThat(writes.database()).isEqualTo("sqlite file");
        assertThat(writes.written()).isEqualTo(300);
        assertThat(writes.rows()).isEqualTo(300);
        assertThat(writes.dropped()).isZero();
        assertThat(writes.failed()).isZero();
        assertThat(writes.seconds()).isGreaterThanOrEqualTo(history.seconds());
        assertThat(report.ratio(Scenario.HISTORY, Scenario.DIRECT)).isPresent();
        assertThat(report.table()).contains("vs direct", "history/direct", "300 rows written to sqlite file");
    }

    @Test
    void historyAloneWritesEveryRowToPostgresAndDropsItsSchema() throws Exception {
        Report report = benchmark().history(HistoryDatabase.jdbc(POSTGRES, POSTGRES_USER, POSTGRES_PASSWORD))
                .run(List.of(Scenario.HISTORY));

        assertThat(report.problems()).isEmpty();
        ScenarioResult history = report.result(Scenario.HISTORY).orElseThrow();
        assertThat(history.rounds()).isEqualTo(1);
        assertThat(history.history().written()).isEqualTo(300);
        assertThat(history.history().rows()).isEqualTo(300);
        String database = history.history().database();
        assertThat(database).matches("postgresql \\(schema ebats_bench_[0-9a-f]{8}\\)");
        String schema = database.substring(database.indexOf("ebats_bench_"), database.length() - 1);
        try (Connection c = DriverManager.getConnection(POSTGRES, POSTGRES_USER, POSTGRES_PASSWORD);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("schema " + schema + " left behind").isZero();
            }
        }
    }

    private static Benchmark benchmark() {
        EbatsConfig config = EbatsConfig.builder().broker(BrokerSettings.uri(BenchmarkIT.RABBITMQ))
                .publishTimeout(Duration.ofSeconds(10))
                .build();
        return new Benchmark(config, SMALL);
    }
}
