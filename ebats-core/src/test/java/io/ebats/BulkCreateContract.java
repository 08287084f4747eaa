package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Tasks#createAll} on every broker: all confirmed, ids in order, each run once; a bad task stops it. */
abstract class BulkCreateContract extends BrokerTestSupport {

    /** How many tasks one call creates on this broker. */
    abstract int many();

    @Test
    void createsEveryTaskAndReturnsTheirIdsInOrderOnceAllAreConfirmed() {
        String topic = topic("bulk");
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < many(); i++) {
            tasks.add(NewTask.of(topic, "count", Map.of("n", i)).withDelay(i % 10 == 0 ? Duration.ofMillis(300)
                    : Duration.ZERO));
        }

        List<String> ids = ebats.tasks().createAll(tasks);

        assertThat(ids).containsExactlyElementsOf(tasks.stream().map(NewTask::id).toList());
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        ebats.worker().topic(topic).concurrency(16).handle("count", (p, ctx) -> {
            runs.incrementAndGet();
            seen.add(((Number) p.get("n")).intValue());
        }).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() == many());
        assertThat(runs.get()).isEqualTo(many());
    }

    @Test
    void anInvalidTaskStopsTheCallThereNamingItsIndexAfterTheOnesBeforeItAreConfirmed() {
        String topic = topic("bulk-bad");
        String huge = "x".repeat(config().maxMessageBytes() + 1);
        List<NewTask> tasks = List.of(NewTask.of(topic, "t", Map.of("n", 0)), NewTask.of(topic, "t", Map.of("n", 1)),
                NewTask.of(topic, "t", Map.of("text", huge)), NewTask.of(topic, "t", Map.of("n", 3)));

        assertThatThrownBy(() -> ebats.tasks().createAll(tasks)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tasks[2]: ")
                .hasMessageEndingWith("; the 2 tasks before it were sent and confirmed, none after it");

        Set<Object> ran = ConcurrentHashMap.newKeySet();
        ebats.worker().topic(topic).handle("t", (p, ctx) -> ran.add(p.get("n"))).start();
        await().atMost(WAIT).until(() -> ran.size() == 2);
        assertThat(ran).containsExactlyInAnyOrder(0, 1);
    }
}
