package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerPresenceIT extends BrokerTestSupport {

    @Test
    void onlineWorkerAnnouncesItsRunningTasksAndIsGoneAfterClose() throws Exception {
        String topic = topic("presence");
        CountDownLatch release = new CountDownLatch(1);
        Worker worker = ebats.worker().topic(topic).name("busy-worker").concurrency(4)
                .handle("block", (p, ctx) -> release.await(20, TimeUnit.SECONDS))
                .start();
        String taskId = ebats.tasks().create(topic, "block", null);

        await().atMost(Duration.ofSeconds(15)).until(() -> worker.inFlight() == 1);
        List<WorkerPresence> online = ebats.workers();

        assertThat(online).hasSize(1);
        WorkerPresence presence = online.get(0);
        assertThat(presence.name()).isEqualTo("busy-worker");
        assertThat(presence.concurrency()).isEqualTo(4);
        assertThat(presence.inFlight()).containsEntry(topic, 1);
        assertThat(presence.running()).singleElement()
                .satisfies(t -> assertThat(t.taskId()).isEqualTo(taskId))
                .satisfies(t -> assertThat(t.taskName()).isEqualTo("block"));
        assertThat(presence.pid()).isEqualTo(ProcessHandle.current().pid());
        Status status = ebats.status(List.of(topic));
        assertThat(status.topics().get(0).inFlight()).isEqualTo(1);
        assertThat(status.workers()).extracting(WorkerPresence::name).containsExactly("busy-worker");

        release.countDown();
        worker.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> ebats.workers().isEmpty());
    }
}
