package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Workers that die, and workers that are told to stop (DESIGN.md section 6). */
class WorkerLifecycleIT extends BrokerTestSupport {

    @Test
    void taskOfAWorkerKilledMidTaskIsRedeliveredToAnotherWorkerAndCompleted() throws Exception {
        String topic = topic("crash");
        BlockingQueue<String> childOutput = new LinkedBlockingQueue<>();
        Process child = killAfterwards(startBlockingWorker(topic, "ship", childOutput));
        awaitLine(childOutput, "READY", child);

        String taskId = ebats.tasks().create(topic, "ship", params("order_id", "FB7"));
        awaitLine(childOutput, "STARTED " + taskId, child);
        assertThat(status(topic).ready()).as("the task is taken, unacknowledged").isZero();

        child.destroyForcibly(); // kill -9: no ack, no goodbye
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        ebats.worker().topic(topic).handle("ship", (p, ctx) -> { }).listener(attempts::add).start();
        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attemptsOf(taskId)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(a.params()).contains("FB7");
        });
        TopicStatus status = status(topic);
        assertThat(status.ready()).isZero();
        assertThat(status.dead()).isZero();
    }

    @Test
    void closeLetsInFlightTasksFinishAndLeavesQueuedTasksInTheQueue() {
        String topic = topic("graceful");
        AtomicInteger started = new AtomicInteger();
        ConcurrentLinkedQueue<String> interrupted = new ConcurrentLinkedQueue<>();
        Ebats workerProcess = Ebats.connect(config());
        Worker worker = workerProcess.worker().topic(topic).concurrency(2).shutdownGrace(Duration.ofSeconds(20))
                .listener(attempts::add)
                .handle("slow", (p, ctx) -> {
                    started.incrementAndGet();
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        interrupted.add(ctx.taskId());
                        throw e;
                    }
                })
                .start();
        for (int i = 0; i < 5; i++) {
            ebats.tasks().create(topic, "slow", params("i", i));
        }
        await().atMost(WAIT).until(() -> started.get() == 2);
        assertThat(worker.inFlight()).isEqualTo(2);

        long t0 = System.nanoTime();
        workerProcess.close(); // closes its worker gracefully, then its connections
        Duration closing = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(closing).isLessThan(Duration.ofSeconds(10));
        assertThat(worker.isRunning()).isFalse();
        assertThat(worker.inFlight()).isZero();
        assertThat(interrupted).isEmpty();
        assertThat(started).hasValue(2);
        assertThat(attempts).hasSize(2).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED));
        await().atMost(WAIT).until(() -> status(topic).ready() == 3);
        assertThat(status(topic).consumers()).isZero();
        assertThat(status(topic).dead()).isZero();
        worker.close(); // idempotent
        workerProcess.close();
    }

    @Test
    void closeAfterTheGracePeriodReturnsUnfinishedTasksToTheQueue() {
        String topic = topic("grace");
        AtomicInteger started = new AtomicInteger();
        Worker worker = ebats.worker().topic(topic).concurrency(1).shutdownGrace(Duration.ofMillis(200))
                .listener(attempts::add)
                .handle("endless", (p, ctx) -> {
                    started.incrementAndGet();
                    Thread.sleep(60_000);
                })
                .start();
        String taskId = ebats.tasks().create(topic, "endless", null);
        await().atMost(WAIT).until(() -> started.get() == 1);

        long t0 = System.nanoTime();
        worker.close();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        await().atMost(WAIT).until(() -> status(topic).ready() == 1);
        assertThat(status(topic).dead()).isZero();
        assertThat(attempts).noneMatch(a -> a.outcome() == Outcome.SUCCEEDED);

        ebats.worker().topic(topic).handle("endless", (p, ctx) -> { }).listener(attempts::add).start();
        await().atMost(WAIT).until(() -> attemptsOf(taskId).stream().anyMatch(a -> a.outcome() == Outcome.SUCCEEDED));
        // the interrupted attempt was not settled as a failure: no retry of it is on its way
        Status after = ebats.status(List.of(topic));
        assertThat(after.delayed()).isZero();
        assertThat(after.topics().get(0).ready()).isZero();
        assertThat(attemptsOf(taskId)).singleElement().satisfies(a -> assertThat(a.attempt()).isEqualTo(1));
    }

    @Test
    void closingEbatsStopsEverythingItStartedAndLeavesNoThreadsBehind() throws Exception {
        Set<Long> before = clientThreads().stream().map(Thread::threadId).collect(Collectors.toSet());
        String topic = topic("threads");
        Ebats other = Ebats.connect(config());
        Worker worker = other.worker().topic(topic).handle("t", (p, ctx) -> { }).listener(attempts::add).start();
        Scheduler scheduler = other.startScheduler(new EventManager().register("e", "t", topic));
        other.publish(Event.named("e"));
        await().atMost(WAIT).until(() -> attempts.size() == 1);
        other.deadLetters().count(DeadLetterSource.topic(topic));

        other.close();
        other.close(); // idempotent

        assertThat(worker.isRunning()).isFalse();
        await().atMost(WAIT).untilAsserted(() -> assertThat(clientThreads())
                .filteredOn(t -> !before.contains(t.threadId()))
                .extracting(Thread::getName)
                .isEmpty());
        assertThat(scheduler.dispatchedEvents()).isEqualTo(1);
    }

    @Test
    void closingEbatsFromManyThreadsAtOnceStopsItsWorkersAndNothingStartsAfterwards() throws Exception {
        String topic = topic("concurrent-close");
        Ebats other = Ebats.connect(config());
        Worker first = other.worker().topic(topic).handle("t", (p, ctx) -> { }).start();
        Worker closedEarly = other.worker().topic(topic).handle("t", (p, ctx) -> { }).start();
        closedEarly.close(); // leaves its owner: closing the owner does not close it again

        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> closes = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            closes.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                other.close();
            }, runnable -> Thread.ofPlatform().start(runnable)));
        }
        go.countDown();
        CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertThat(first.isRunning()).isFalse();
        assertThat(closedEarly.isRunning()).isFalse();
        assertThatThrownBy(() -> other.worker().topic(topic).handle("t", (p, ctx) -> { }).start())
                .isInstanceOf(IllegalStateException.class).hasMessage("this Ebats instance is closed");
        assertThatThrownBy(() -> other.startScheduler(new EventManager().register("e", "t", topic)))
                .isInstanceOf(IllegalStateException.class).hasMessage("this Ebats instance is closed");
    }

    @Test
    void handlersRunOnTheThreadsOfTheGivenFactory() {
        String topic = topic("threads");
        ConcurrentLinkedQueue<Thread> ranOn = new ConcurrentLinkedQueue<>();
        ebats.worker().topic(topic).handlerThreads(Thread.ofVirtual().name("handler-", 0).factory())
                .listener(attempts::add)
                .handle("where", (p, ctx) -> ranOn.add(Thread.currentThread()))
                .start();
        ebats.tasks().create(topic, "where", null);
        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attempts).singleElement().extracting(Attempt::outcome).isEqualTo(Outcome.SUCCEEDED);
        assertThat(ranOn).singleElement().satisfies(thread -> {
            assertThat(thread.isVirtual()).isTrue();
            assertThat(thread.getName()).startsWith("handler-");
        });
    }

    @Test
    void aPrefetchAboveTheConcurrencyRunsNoMoreThanTheConcurrencyAtOnceAndAcksEveryTask() {
        String topic = topic("prefetch");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Worker worker = ebats.worker().topic(topic).concurrency(2).prefetch(10).listener(attempts::add)
                .handle("t", (p, ctx) -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(50);
                    running.decrementAndGet();
                })
                .start();
        for (int i = 0; i < 20; i++) {
            ebats.tasks().create(topic, "t", params("i", i));
        }

        await().atMost(WAIT).until(() -> attempts.size() == 20);
        assertThat(most).hasValue(2);
        assertThat(attempts).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED));
        worker.close(); // what was not acknowledged would now go back to the queue
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> status(topic).ready() == 0);
        assertThat(attempts).hasSize(20);
    }

    @Test
    void aPrefetchBelowTheConcurrencyIsRefused() {
        Worker.Builder builder = ebats.worker().topic(topic("low")).handle("t", (p, ctx) -> { })
                .concurrency(8).prefetch(4);
        Assertions.assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prefetch 4 is below the concurrency 8");
        Assertions.assertThatThrownBy(() -> ebats.worker().prefetch(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefetch must be between 1 and");
        assertThat(Worker.Builder.defaultPrefetch(16)).isEqualTo(24);
        assertThat(Worker.Builder.defaultPrefetch(1)).isEqualTo(2);
        assertThat(Worker.Builder.defaultPrefetch(10_000)).isEqualTo(10_256);
    }

    /** Platform threads of amqp-client and ebats. */
    private static List<Thread> clientThreads() {
        List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive() && (name.startsWith("AMQP") || name.startsWith("ebats") || name.startsWith("pool-"))) {
                found.add(t);
            }
        }
        return found;
    }

    private Process startBlockingWorker(String topic, String task, BlockingQueue<String> output) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                BlockingWorkerMain.class.getName(), BROKER_URI, namespace, String.valueOf(TEST_DELAY_LEVELS), topic,
                task);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                }
            } catch (Exception ignored) {
                // process gone
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private static void awaitLine(BlockingQueue<String> output, String expected, Process child) throws Exception {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = output.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.equals(expected)) {
                    return;
                }
            } else if (!child.isAlive()) {
                break;
            }
        }
        throw new AssertionError("child worker did not print '" + expected + "' (alive: " + child.isAlive()
                + "); it printed: " + seen);
    }
}
