package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 11, the deployment of docs/deployment.md on one machine: a three-node RabbitMQ cluster with quorum
 * queues, a scheduler and two worker processes recording to PostgreSQL; while events stream in, each worker in turn
 * is stopped with SIGTERM (an upgrade's rolling restart) and started again. Nothing is lost, nothing runs twice,
 * and the history holds a success for every task.
 */
class RollingRestartIT extends FaultRun {

    private static final String POSTGRES = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");

    @TempDir
    Path home;
    private LoopbackCluster cluster;
    private final String schema = "rolling_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @Override
    void startBroker() throws Exception {
        cluster = LoopbackCluster.start("rolling", home);
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
        try (Connection db = DriverManager.getConnection(POSTGRES, "postgres", "");
             Statement drop = db.createStatement()) {
            drop.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private ChildJvm startRecordingWorker(String name) throws InterruptedException {
        ChildJvm worker = ChildJvm.start(name, FaultWorkerMain.class, brokerUri(), namespace, topic, 8,
                logs.resolve(name + ".log"), 2, POSTGRES, schema, name);
        adopt(worker);
        worker.await("READY", Duration.ofSeconds(60));
        return worker;
    }

    @Test
    void restartingEachWorkerInTurnMidRunLosesNothingRunsNothingTwiceAndRecordsEverySuccess() throws Exception {
        List<ChildJvm> workers = new ArrayList<>(List.of(startRecordingWorker("worker-1"),
                startRecordingWorker("worker-2")));
        startScheduler("scheduler");
        AtomicLong failedPublishes = new AtomicLong();
        Thread publisher = publishRunInBackground(failedPublishes);
        List<Long> pauses = new ArrayList<>();

        for (int i = 0; i < workers.size(); i++) {
            int quarter = (i + 1) * RUN / 4;
            await().atMost(RUN_LIMIT).until(() -> completions(RUN).distinct() >= quarter);
            ChildJvm stopping = workers.get(i);
            long stopped = System.nanoTime();
            assertThat(stopping.terminate(Duration.ofSeconds(40))).as(stopping.name() + " exit code").isZero();
            workers.set(i, startRecordingWorker(stopping.name()));
            pauses.add((System.nanoTime() - stopped) / 1_000_000);
        }

        Completions done = finishRun(publisher);
        assertThat(done.duplicates()).as("tasks run twice").isZero();
        long recorded = await().atMost(Duration.ofSeconds(30)).until(this::succeededInHistory, n -> n >= RUN);
        assertThat(recorded).as("tasks with a success in the history").isEqualTo(RUN);
        FaultReport.row("11. rolling restart (SIGTERM, start again) of each of two workers mid-run, three-node "
                        + "cluster, history in PostgreSQL", RUN, done.lost(), done.duplicates(),
                "each worker was back " + pauses + " ms after its SIGTERM; " + recorded + " successes recorded; "
                        + failedPublishes.get() + " publishes failed and were sent again");
    }

    private long succeededInHistory() throws Exception {
        try (Connection db = DriverManager.getConnection(POSTGRES + "?currentSchema=" + schema, "postgres", "");
             PreparedStatement count = db.prepareStatement(
                     "SELECT COUNT(DISTINCT task_id) FROM ebats_attempt WHERE outcome = 'SUCCEEDED' AND topic = ?")) {
            count.setString(1, topic);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
