package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.BrokerSettings;
import io.ebats.EbatsConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The unique scenario, small, on the RabbitMQ on 127.0.0.1 with the keys in SQLite and in PostgreSQL: each way
 * creates every task (the benchmark checks the queue after each round), and is measured. No speed asserted.
 */
class UniqueBenchmarkIT {

    private static final String POSTGRES = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String POSTGRES_USER = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_USER", "postgres");
    private static final String POSTGRES_PASSWORD = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_PASSWORD", "");
    private static final EbatsConfig CONFIG = EbatsConfig.builder().broker(BrokerSettings.uri(BenchmarkIT.RABBITMQ))
            .namespace("test-bench").delayLevels(22).build();

    @Test
    void directAndUniqueCreatesEachCreateEveryTaskWithTheKeysInSqlite() throws Exception {
        UniqueBenchmark.Result result = new UniqueBenchmark(CONFIG, HistoryDatabase.temporarySqlite(), line -> { })
                .run(200, 2, 1);

        assertThat(result.direct()).isPositive();
        assertThat(result.unique()).isPositive();
        assertThat(result.database()).isEqualTo("sqlite file");
        assertThat(result.summary()).startsWith("unique: 200 tasks from 2 threads, keys in sqlite file, median of 1")
                .contains("unique/direct");
    }

    @Test
    void directAndUniqueCreatesEachCreateEveryTaskWithTheKeysInPostgresAndItsSchemaIsDropped() throws Exception {
        UniqueBenchmark.Result result = new UniqueBenchmark(CONFIG,
                HistoryDatabase.jdbc(POSTGRES, POSTGRES_USER, POSTGRES_PASSWORD), line -> { }).run(200, 2, 1);

        assertThat(result.unique()).isPositive();
        assertThat(result.database()).matches("postgresql \\(schema ebats_bench_[0-9a-f]{8}\\)");
        String schema = result.database().substring(result.database().indexOf("ebats_bench_"),
                result.database().length() - 1);
        try (Connection c = DriverManager.getConnection(POSTGRES, POSTGRES_USER, POSTGRES_PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '"
                     + schema + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("schema " + schema + " left behind").isZero();
        }
    }
}
