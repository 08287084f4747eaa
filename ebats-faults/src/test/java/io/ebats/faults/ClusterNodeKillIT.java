package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4: a three-node RabbitMQ cluster on loopback with quorum queues; one node killed (kill -9) in the
 * middle of a run.
 */
class ClusterNodeKillIT extends FaultRun {

    @TempDir
    Path home;
    private final List<RabbitNode> cluster = new ArrayList<>();

    @Override
    void startBroker() throws Exception {
        for (String name : List.of("clustera", "clusterb", "clusterc")) {
            cluster.add(RabbitNode.start(name, home, List.of()));
        }
        cluster.get(1).joinCluster(cluster.get(0));
        cluster.get(2).joinCluster(cluster.get(0));
        String status = cluster.get(0).ctl(Duration.ofSeconds(30), "cluster_status");
        for (RabbitNode node : cluster) {
            assertThat(status).contains(node.nodeName());
        }
    }

    @Override
    String brokerUri() {
        return "addresses:" + String.join(",", cluster.stream().map(RabbitNode::address).toList());
    }

    /**
     * The cluster is thrown away with its data: deleting the namespace's two dozen quorum queues (most of them the
     * ladder's) while one member is down took some 100 s on the build machine.
     */
    @Override
    boolean deletesTopologyAfter() {
        return false;
    }

    @Override
    void stopBroker() throws Exception {
        for (RabbitNode node : cluster) {
            node.close();
        }
    }

    @Test
    void killingOneNodeOfThreeMidRunLosesNothing() throws Exception {
        startWorker("worker-1", 8, 1);
        startWorker("worker-2", 8, 1);
        startScheduler("scheduler");
        AtomicLong failedPublishes = new AtomicLong();
        Thread publisher = publishRunInBackground(failedPublishes);

        await().atMost(RUN_LIMIT).until(() -> completions(RUN).distinct() >= RUN / 4);
        RabbitNode victim = cluster.getFirst(); // the first address: where most connections are
        victim.kill();
        long resumeMillis = millisUntilProgress(100);

        Completions done = finishRun(publisher);
        assertThat(resumeMillis).as("processing went on after the kill, in ms").isLessThan(30_000);
        FaultReport.row("4. kill -9 of one node of a three-node cluster mid-run (quorum queues)", RUN, done.lost(),
                done.duplicates(), "processing went on " + resumeMillis + " ms after the kill; "
                        + failedPublishes.get() + " publishes failed and were sent again");
    }
}
