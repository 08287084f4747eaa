package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
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
    private LoopbackCluster cluster;

    @Override
    void startBroker() throws Exception {
        cluster = LoopbackCluster.start("cluster", home);
    }

    @Override
    String brokerUri() {
        return cluster.uri();
    }

    /** The cluster is thrown away with its data (see {@link LoopbackCluster}). */
    @Override
    boolean deletesTopologyAfter() {
        return false;
    }

    @Override
    void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
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
        RabbitNode victim = cluster.nodes().getFirst(); // the first address: where most connections are
        victim.kill();
        long resumeMillis = millisUntilProgress(100);

        Completions done = finishRun(publisher);
        assertThat(resumeMillis).as("processing went on after the kill, in ms").isLessThan(30_000);
        FaultReport.row("4. kill -9 of one node of a three-node cluster mid-run (quorum queues)", RUN, done.lost(),
                done.duplicates(), "processing went on " + resumeMillis + " ms after the kill; "
                        + failedPublishes.get() + " publishes failed and were sent again");
    }
}
