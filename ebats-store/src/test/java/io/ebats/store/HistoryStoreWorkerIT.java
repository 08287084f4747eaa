package io.ebats.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.BrokerSettings;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.Outcome;
import io.ebats.RetryException;
import io.ebats.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real worker on RabbitMQ (127.0.0.1:5672, or {@code EBATS_TEST_BROKER_URI}) saving into H2. */
class HistoryStoreWorkerIT {

    static final String BROKER_URI = System.getenv().getOrDefault("EBATS_TEST_BROKER_URI",
            "amqp://guest:guest@127.0.0.1:5672");

    @TempDir
    Path dir;

    @Test
    void everyAttemptOfAFlakyTaskIsStored() {
        String topic = "history";
        String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
        EbatsConfig config = EbatsConfig.builder()
                .broker(BrokerSettings.uri(BROKER_URI))
                .namespace(namespace)
                .delayLevels(22)
                .delayLadder(namespace + ".ladder")
                .publishTimeout(Duration.ofSeconds(5))
                .build();
        RetryPolicy fast = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0);
        try (HistoryStore history = HistoryStore.open(HistorySettings.h2(dir)
                .flushInterval(Duration.ofMillis(50)).build())) {
            String taskId;
            try (Ebats ebats = Ebats.connect(config)) {
                ebats.worker().topic(topic).retryPolicy(fast).listener(history)
                        .handle("flaky", (p, ctx) -> {
                            if (ctx.attempt() < 3) {
                                throw new RetryException("not yet " + ctx.attempt());
                            }
                        })
                        .start();
                taskId = ebats.tasks().create(topic, "flaky", Map.of("order_id", "FB1", "token", "abc"));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> history.count(HistoryQuery.builder().taskId(taskId).build()) == 3);
            } finally {
                try (Ebats cleaner = Ebats.connect(config)) {
                    cleaner.deleteTopology(List.of(topic));
                }
            }

            List<AttemptRecord> records = history.find(HistoryQuery.builder().taskId(taskId).build()).reversed();
            assertThat(records).extracting(AttemptRecord::attempt).containsExactly(1, 2, 3);
            assertThat(records).extracting(AttemptRecord::outcome)
                    .containsExactly(Outcome.RETRYING, Outcome.RETRYING, Outcome.SUCCEEDED);
            assertThat(records).extracting(AttemptRecord::topic, AttemptRecord::taskName)
                    .containsOnly(Tuple.tuple(topic, "flaky"));
            assertThat(records.get(0).errorMessage()).isEqualTo("not yet 1");
            assertThat(records.get(0).errorClass()).isEqualTo(RetryException.class.getName());
            assertThat(records.get(2).errorClass()).isNull();
            assertThat(records).allSatisfy(r -> assertThat(r.params())
                    .contains("\"order_id\":\"FB1\"").contains("\"token\":\"***\"").doesNotContain("abc"));
        }
    }
}
