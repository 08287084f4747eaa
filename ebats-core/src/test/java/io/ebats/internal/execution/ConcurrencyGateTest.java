package io.ebats.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyGateTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Integer> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void runsAtMostTheLimitAtOnceAndTheRestInDeliveryOrder() {
        ConcurrencyGate<Integer> lane = new ConcurrencyGate<>(2, executor, (i, release) -> started.add(i));
        for (int i = 1; i <= 5; i++) {
            assertThat(lane.submit(i)).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 2);
        assertThat(started).containsExactlyInAnyOrder(1, 2);
        assertThat(lane.waitingCount()).isEqualTo(3);

        lane.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 3);
        assertThat(started.get(2)).isEqualTo(3);
        lane.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 4);
        lane.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 5);
        assertThat(started.subList(2, 5)).containsExactly(3, 4, 5);
        assertThat(lane.waitingCount()).isZero();
    }

    @Test
    void aFreedSlotIsTakenByTheNextSubmission() {
        ConcurrencyGate<Integer> lane = new ConcurrencyGate<>(1, executor, (i, release) -> started.add(i));
        lane.submit(1);
        lane.release();
        lane.submit(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 2);
        assertThat(lane.waitingCount()).isZero();
    }

    @Test
    void closingGivesBackTheWaitingDeliveriesAndRefusesNewOnes() {
        ConcurrencyGate<Integer> lane = new ConcurrencyGate<>(1, executor, (i, release) -> started.add(i));
        lane.submit(1);
        lane.submit(2);
        lane.submit(3);
        assertThat(lane.close()).containsExactly(2, 3);
        assertThat(lane.submit(4)).isFalse();
        lane.release();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> started.size() == 1);
        assertThat(started).containsExactly(1);
    }
}
