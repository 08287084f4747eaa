package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.BrokerSettings;
import io.ebats.EbatsConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The schedule scenario, small, on the RabbitMQ on 127.0.0.1: it counts every fire once and measures each. */
class ScheduleBenchmarkIT {

    private static final String BROKER_URI = System.getenv().getOrDefault("EBATS_TEST_BROKER_URI",
            "amqp://guest:guest@127.0.0.1:5672");

    @Test
    void tenSchedulesEverySecondForThreeSecondsAreThirtyFiresEachRunOnceAndMeasured() throws InterruptedException {
        EbatsConfig config = EbatsConfig.builder().broker(BrokerSettings.uri(BROKER_URI)).namespace("test-bench")
                .delayLevels(22).build();

        ScheduleBenchmark.Result result = new ScheduleBenchmark(config, line -> { })
                .run(10, Duration.ofSeconds(1), Duration.ofSeconds(3));

        assertThat(result.expected()).isEqualTo(30);
        assertThat(result.fires()).isEqualTo(30);
        assertThat(result.duplicates()).isZero();
        assertThat(result.p50Millis()).isBetween(0L, result.p99Millis());
        assertThat(result.p99Millis()).isBetween(result.p50Millis(), result.maxMillis());
        assertThat(result.summary()).contains("10 schedules every 1s for 3s: 30 of 30 fires, 0 run twice");
    }
}
