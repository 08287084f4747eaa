package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.BrokerSettings;
import io.ebats.EbatsConfig;
import org.junit.jupiter.api.Test;

/** The bulk scenario, small, on the RabbitMQ on 127.0.0.1: each way creates every task, and is measured. */
class BulkBenchmarkIT {

    private static final String BROKER_URI = System.getenv().getOrDefault("EBATS_TEST_BROKER_URI",
            "amqp://guest:guest@127.0.0.1:5672");

    @Test
    void theRawClientCreateAsyncAndCreateAllEachCreateEveryTask() throws Exception {
        EbatsConfig config = EbatsConfig.builder().broker(BrokerSettings.uri(BROKER_URI)).namespace("test-bench")
                .delayLevels(22).build();

        BulkBenchmark.Result result = new BulkBenchmark(config, line -> { }).run(2_000, 1);

        assertThat(result.raw()).isPositive();
        assertThat(result.createAsync()).isPositive();
        assertThat(result.createAll()).isPositive();
        assertThat(result.summary()).startsWith("bulk: 2000 tasks, median of 1 rounds");
    }
}
