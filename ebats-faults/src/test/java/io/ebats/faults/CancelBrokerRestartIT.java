package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ebats.BrokerSettings;
import io.ebats.Cancellation;
import io.ebats.Cancellations;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.NewTask;
import io.ebats.Outcome;
import io.ebats.PublishException;
import io.ebats.store.AttemptRecord;
import io.ebats.store.HistoryQuery;
import io.ebats.store.HistorySettings;
import io.ebats.store.HistoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancels through a restart of the broker, on a RabbitMQ node of the test's own: one told to the running worker
 * before, one recorded while the broker is down (its notice cannot be sent), one after; the worker reads the store
 * again once reconnected, and none of the three runs.
 */
class CancelBrokerRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOPIC = "cancels";

    @TempDir
    Path dir;
    private RabbitNode node;
    private Ebats ebats;
    private HistoryStore history;
    private final Set<String> ran = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        node = RabbitNode.start("cancel", dir.resolve("nodes"), List.of());
        String namespace = "cancel-" + UUID.randomUUID().toString().substring(0, 8);
        ebats = Ebats.connect(EbatsConfig.builder().broker(BrokerSettings.uri(node.uri())).namespace(namespace)
                .delayLevels(22).publishTimeout(Duration.ofSeconds(3)).build());
        history = HistoryStore.open(HistorySettings.sqlite(dir).flushInterval(Duration.ofMillis(50)).build());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (ebats != null) {
                ebats.close();
            }
            if (history != null) {
                history.close();
            }
        } finally {
            node.close();
        }
    }

    @Test
    void cancelsBeforeDuringAndAfterABrokerRestartAllHold() throws Exception {
        ebats.worker().topic(TOPIC).listener(history).cancellations(history)
                .handle("work", (p, ctx) -> ran.add(ctx.taskId())).start();
        Cancellations cancellations = ebats.cancellations(history);
        String before = delayed(Duration.ofSeconds(6));
        String during = delayed(Duration.ofSeconds(20));
        String kept = delayed(Duration.ofSeconds(6));
        assertThat(cancellations.cancel(before).result()).isEqualTo(Cancellation.Result.CANCELLED);

        node.stop();
        assertThatThrownBy(() -> cancellations.cancel(during)).isInstanceOf(PublishException.class);
        node.start();
        await().atMost(WAIT).until(ebats::isConnected);
        String after = await().atMost(WAIT).ignoreExceptions().until(() -> delayed(Duration.ofSeconds(3)),
                id -> id != null);
        assertThat(cancellations.cancel(after).result()).isEqualTo(Cancellation.Result.CANCELLED);
        assertThat(cancellations.cancel(during).result()).as("recorded though its notice was not sent")
                .isEqualTo(Cancellation.Result.ALREADY_CANCELLED);

        await().atMost(WAIT).until(() -> outcome(before) == Outcome.CANCELLED && outcome(after) == Outcome.CANCELLED
                && outcome(during) == Outcome.CANCELLED && outcome(kept) == Outcome.SUCCEEDED);
        assertThat(ran).containsExactly(kept);
    }

    private String delayed(Duration delay) {
        return ebats.tasks().create(NewTask.of(TOPIC, "work", Map.of()).withDelay(delay));
    }

    private Outcome outcome(String taskId) {
        List<AttemptRecord> records = history.find(HistoryQuery.builder().taskId(taskId).build());
        return records.isEmpty() ? null : records.getFirst().outcome();
    }
}
