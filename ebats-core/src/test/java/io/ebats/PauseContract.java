package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pausing and resuming a topic on every broker: every worker of it stops taking tasks within a second, its tasks
 * wait in the queue, nothing is lost, run twice or counted as a redelivery, and the pause is kept by the broker
 * across processes. One subclass per broker.
 */
abstract class PauseContract extends BrokerTestSupport {

    /** How long every worker of a topic may go on starting tasks after a pause returned. */
    static final Duration STOPS_WITHIN = Duration.ofSeconds(1);

    private final List<Ebats> others = new ArrayList<>();
    /** Task id to how often it started. */
    private final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
    private final AtomicLong lastStartNanos = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();

    /** How many tasks the big test queues on this broker. */
    abstract int many();

    @AfterEach
    void closeTheOtherProcesses() {
        others.forEach(Ebats::close);
    }

    private Ebats another() {
        Ebats other = Ebats.connect(config());
        others.add(other);
        return other;
    }

    /**
     * A worker whose tasks take 5 ms, holding more deliveries than it runs at once, and dead-lettering a
     * task at its first redelivery: a redelivery counted by the broker shows as a dead letter.
     */
    private Worker worker(Ebats on, String topic) {
        return on.worker().topic(topic).concurrency(4).prefetch(32).redeliveryLimit(1)
                .handle("work", (params, ctx) -> {
                    lastStartNanos.set(System.nanoTime());
                    starts.computeIfAbsent(ctx.taskId(), id -> new AtomicInteger()).incrementAndGet();
                    Thread.sleep(5);
                    finished.incrementAndGet();
                }).start();
    }

    private List<String> create(String topic, int count) {
        List<NewTask> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tasks.add(NewTask.of(topic, "work", Map.of("n", i)));
        }
        return ebats.tasks().createAll(tasks);
    }

    @Test
    void aPausedTopicStopsEveryWorkerWithinASecondAndAfterResumeEachTaskRunsOnceWithoutARedelivery() {
        String topic = topic("pause-many");
        int total = many();
        List<String> ids = create(topic, total);
        List<Worker> workers = List.of(worker(ebats, topic), worker(another(), topic));
        List<Duration> lastStartAfterPause = new ArrayList<>();

        for (int cycle = 1; cycle <= 5; cycle++) {
            int before = starts.size();
            int progress = Math.min(total - 1, before + total / 40);
            await().atMost(Duration.ofSeconds(60)).until(() -> starts.size() >= progress);
            long pausedAt = System.nanoTime();
            assertThat(ebats.topics().pause(topic)).isTrue();
            await().atMost(STOPS_WITHIN.plusSeconds(1))
                    .until(() -> workers.stream().allMatch(w -> w.isPaused(topic)));
            await().atMost(WAIT).until(() -> workers.stream().allMatch(w -> w.inFlight() == 0));
            int startedWhenStopped = starts.size();
            Duration lastStart = Duration.ofNanos(lastStartNanos.get() - pausedAt);
            lastStartAfterPause.add(lastStart);
            assertThat(lastStart).as("last task start after the pause, cycle %d", cycle).isLessThan(STOPS_WITHIN);
            // the rest waits in the queue, every delivery the workers held put back
            await().atMost(WAIT).until(() -> status(topic).ready() == total - finished.get());
            TopicStatus paused = status(topic);
            System.out.printf("cycle %d: paused at %d started, stopped at %d, finished %d, ready %d, last start %d ms%n",
                    cycle, progress, startedWhenStopped, finished.get(), paused.ready(), lastStart.toMillis());
            assertThat(paused.paused()).isTrue();
            assertThat(paused.consumers()).isZero();
            assertThat(paused.ready()).isPositive();
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> starts.size() == startedWhenStopped);

            assertThat(ebats.topics().resume(topic)).isTrue();
            await().atMost(STOPS_WITHIN.plusSeconds(1))
                    .until(() -> workers.stream().noneMatch(w -> w.isPaused(topic)));
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> finished.get() >= total);

        assertThat(starts.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(starts.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> status(topic).ready() == 0);
        assertThat(status(topic).dead()).as("dead-lettered (a redelivery would be)").isZero();
        System.out.printf("%s: last task start after pause, per cycle: %s%n", getClass().getSimpleName(),
                lastStartAfterPause.stream().map(d -> d.toMillis() + " ms").toList());
    }

    @Test
    void aWorkerStartedWhileItsTopicIsPausedStartsPausedAndRunsEveryTaskAfterResume() {
        String topic = topic("pause-start");
        assertThat(ebats.topics().pause(topic)).isTrue();
        List<String> ids = create(topic, 50);

        Worker worker = worker(another(), topic);

        assertThat(worker.isPaused(topic)).isTrue();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(starts::isEmpty);
        TopicStatus paused = status(topic);
        assertThat(paused.paused()).isTrue();
        assertThat(paused.ready()).isEqualTo(50);
        assertThat(paused.consumers()).isZero();

        ebats.topics().resume(topic);
        await().atMost(WAIT).until(() -> finished.get() == 50);
        assertThat(starts.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(worker.isPaused(topic)).isFalse();
        assertThat(status(topic).paused()).isFalse();
    }

    @Test
    void aDelayedTaskThatComesDueWhilePausedWaitsInTheQueueAndRunsAfterResume() {
        String topic = topic("pause-delay");
        Queue<Instant> ran = new ConcurrentLinkedQueue<>();
        Worker worker = ebats.worker().topic(topic).handle("late", (params, ctx) -> ran.add(Instant.now())).start();
        ebats.topics().pause(topic);
        await().atMost(STOPS_WITHIN.plusSeconds(1)).until(() -> worker.isPaused(topic));

        Instant due = Instant.now().plusSeconds(1);
        ebats.tasks().create(NewTask.of(topic, "late", Map.of()).withDelay(Duration.ofSeconds(1)));

        await().atMost(WAIT).until(() -> Instant.now().isAfter(due.plusMillis(1500)) && status(topic).ready() == 1);
        assertThat(ran).isEmpty();
        Instant resumed = Instant.now();
        ebats.topics().resume(topic);
        await().atMost(WAIT).until(() -> ran.size() == 1);
        assertThat(ran.peek()).isAfter(resumed);
        assertThat(Duration.between(resumed, ran.peek())).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void aPauseIsKeptByTheBrokerAfterEveryProcessClosedAndAResumeEndsIt() {
        String topic = topic("pause-kept");
        ebats.worker().topic(topic).handle("work", (params, ctx) -> { }).start();
        assertThat(ebats.topics().pause(topic)).isTrue();
        assertThat(ebats.topics().pause(topic)).as("paused already").isFalse();
        ebats.close();
        others.forEach(Ebats::close);

        ebats = Ebats.connect(config());
        assertThat(ebats.topics().isPaused(topic)).isTrue();
        assertThat(status(topic).paused()).isTrue();
        Worker worker = worker(ebats, topic);
        assertThat(worker.isPaused(topic)).isTrue();

        assertThat(another().topics().resume(topic)).isTrue();
        assertThat(ebats.topics().resume(topic)).as("resumed already").isFalse();
        assertThat(ebats.topics().isPaused(topic)).isFalse();
        await().atMost(STOPS_WITHIN.plusSeconds(1)).until(() -> !worker.isPaused(topic));
        assertThat(status(topic).paused()).isFalse();
    }

    @Test
    void aPauseIsReadByAnotherProcessAtOnce() {
        String topic = topic("pause-read");
        Ebats other = another();
        for (int i = 0; i < 20; i++) {
            ebats.topics().pause(topic);
            assertThat(other.topics().isPaused(topic)).isTrue();
            ebats.topics().resume(topic);
            assertThat(other.topics().isPaused(topic)).isFalse();
        }
    }

    @Test
    void aBadTopicNameIsOneClearError() {
        assertThatThrownBy(() -> ebats.topics().pause("orders.*")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic name must not contain the AMQP wildcard '*': orders.*");
        assertThatThrownBy(() -> ebats.topics().resume("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic name must not be empty");
        assertThatThrownBy(() -> ebats.topics().isPaused("a b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whitespace");
        String topic = topic("pause-bad");
        Worker worker = ebats.worker().topic(topic).handle("work", (params, ctx) -> { }).start();
        assertThatThrownBy(() -> worker.isPaused("other")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not consume topic other");
    }

    @Test
    void aMarkerDeletedWhileAWorkerRunsIsNotDeclaredAgainAndAPauseAfterItStillStopsTheWorker() throws Exception {
        String topic = topic("pause-deleted");
        String marker = namespace + ".paused." + topic;
        Worker worker = worker(ebats, topic);
        assertThat(ready(marker)).as("the marker, declared at the worker's start").isZero();
        try (Channel ch = rawConnection().createChannel()) {
            ch.queueDelete(marker);
        }

        // the watch reads it six times meanwhile: a missing marker is a topic not paused
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> ready(marker) == -1);
        assertThat(worker.isPaused(topic)).isFalse();
        create(topic, 20);
        await().atMost(WAIT).until(() -> finished.get() == 20);

        assertThat(ebats.topics().pause(topic)).isTrue(); // declares the marker again
        await().atMost(STOPS_WITHIN.plusSeconds(1)).until(() -> worker.isPaused(topic));
        assertThat(ebats.topics().resume(topic)).isTrue();
        await().atMost(STOPS_WITHIN.plusSeconds(1)).until(() -> !worker.isPaused(topic));
    }

    @Test
    void aPauseHoldsWhileTheWorkersConnectionIsLostAndBackAndAfterResumeEachTaskRunsOnce() throws Exception {
        String topic = topic("pause-reconnect");
        int total = 2_000;
        try (TcpProxy proxy = TcpProxy.to(brokerUri());
             Ebats viaProxy = Ebats.connect(config().toBuilder()
                     .broker(BrokerSettings.uri(proxy.uri(brokerUri()))).build())) {
            Worker worker = worker(viaProxy, topic);
            List<String> ids = new ArrayList<>(create(topic, total));
            await().atMost(WAIT).until(() -> starts.size() >= 50);
            assertThat(ebats.topics().pause(topic)).isTrue();
            await().atMost(STOPS_WITHIN.plusSeconds(1)).until(() -> worker.isPaused(topic));
            await().atMost(WAIT).until(() -> worker.inFlight() == 0
                    && status(topic).ready() == total - finished.get());
            assertThat(status(topic).ready()).as("tasks waiting when the connection is cut").isPositive();

            int connections = proxy.accepted();
            proxy.cut();
            ids.addAll(create(topic, 50)); // while the worker is away
            Thread.sleep(500); // the cut itself: the worker notices at once, its connections are closed
            proxy.restore();
            await().atMost(WAIT).until(() -> proxy.accepted() >= 2 * connections); // every connection is back

            int started = starts.size();
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> starts.size() == started && worker.isPaused(topic));
            TopicStatus paused = status(topic);
            assertThat(paused.paused()).isTrue();
            assertThat(paused.consumers()).as("consumers after the reconnect").isZero();
            assertThat(paused.ready()).isEqualTo(total + 50 - finished.get());

            assertThat(ebats.topics().resume(topic)).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> finished.get() >= total + 50);
            assertThat(starts.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(starts.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> status(topic).ready() == 0);
            assertThat(status(topic).dead()).as("dead-lettered (a redelivery would be)").isZero();
        }
    }
}
