package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ebats.Event;
import io.ebats.PublishException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios 3 and 5, on a RabbitMQ node of the test's own: the broker restarted in the middle of a run, and
 * publishing while it is down.
 */
class BrokerRestartIT extends FaultRun {

    private static final Duration OUTAGE = Duration.ofSeconds(5);

    @TempDir
    Path nodes;
    private RabbitNode node;

    @Override
    void startBroker() throws Exception {
        node = RabbitNode.start("restart", nodes, List.of());
    }

    @Override
    String brokerUri() {
        return node.uri();
    }

    @Override
    void stopBroker() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void restartingTheBrokerMidRunLosesNothingAndEveryoneRecoversByThemselves() throws Exception {
        startWorker("worker", 16, 1);
        startScheduler("scheduler");
        AtomicLong failedPublishes = new AtomicLong();
        Thread publisher = publishRunInBackground(failedPublishes);

        await().atMost(RUN_LIMIT).until(() -> completions(RUN).distinct() >= RUN / 4);
        node.stop();
        Thread.sleep(OUTAGE.toMillis()); // the outage itself: nothing to wait for
        node.start();
        long resumeMillis = millisUntilProgress(0);

        Completions done = finishRun(publisher);
        assertThat(resumeMillis).as("processing resumed after the broker came back, in ms").isLessThan(30_000);
        FaultReport.row("3. RabbitMQ stopped for " + OUTAGE.toSeconds() + " s and started again mid-run"
                        + " (publisher, scheduler, worker running)", RUN, done.lost(), done.duplicates(),
                "processing resumed " + resumeMillis + " ms after the broker was up; " + failedPublishes.get()
                        + " publishes failed with an exception and were sent again");
    }

    @Test
    void publishingWhileTheBrokerIsDownFailsWithinTheBoundAndNothingCountsAsSent() throws Exception {
        startWorker("worker", 4, 0);
        node.stop();
        long start = System.nanoTime();
        assertThatThrownBy(() -> ebats.publish(Event.named(FaultSchedulerMain.EVENT).param("n", 0)))
                .isInstanceOf(PublishException.class)
                .hasMessageNotContaining("guest:guest");
        long failedAfterMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(failedAfterMillis).as("failed within the publish timeout (10 s) and a margin")
                .isLessThan(12_000);

        node.start();
        // the event that failed was never sent: nothing of it may show up
        startScheduler("scheduler");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            ebats.publish(Event.named(FaultSchedulerMain.EVENT).param("n", 1));
            return true;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> completions(2).distinct() >= 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(completions(2).completed()).as("only the confirmed event ran")
                        .isEqualTo(1));
        Completions done = completions(2);
        assertThat(done.firstMissing()).isZero();
        FaultReport.row("5. publish while the broker is down", 1, 0, 0,
                "PublishException after " + failedAfterMillis + " ms (publish timeout 10 s); works again once it is up");
    }
}
