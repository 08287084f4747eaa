package io.ebats.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.WorkerPresence;
import io.ebats.internal.message.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HandlerWatchdogTest {

    private static final TaskMessage TASK = new TaskMessage("id-1", "work", "topic", 1, null, null, 0, null,
            "{}".getBytes(StandardCharsets.UTF_8));
    private static final Duration TIMEOUT = Duration.ofMillis(50);
    private static final long LATER = TimeUnit.SECONDS.toNanos(10);

    private final AtomicInteger timeouts = new AtomicInteger();
    private final CountDownLatch timedOut = new CountDownLatch(1);

    private void onTimeout() {
        timeouts.incrementAndGet();
        timedOut.countDown();
    }

    @Test
    void aHandlerThatReturnsInTimeIsSettledByItsOwnThreadAndNeverTimedOut() {
        HandlerWatchdog handlers = new HandlerWatchdog("test", null);
        HandlerRun run = handlers.start(TASK, Instant.now(), TIMEOUT, e -> onTimeout());

        assertThat(handlers.finish(run)).isTrue();
        handlers.check(System.nanoTime() + LATER);

        assertThat(timeouts).hasValue(0);
        assertThat(handlers.describe()).isEmpty();
    }

    @Test
    void aHandlerWithinItsTimeoutIsLeftRunning() {
        HandlerWatchdog handlers = new HandlerWatchdog("test", null);
        HandlerRun run = handlers.start(TASK, Instant.now(), Duration.ofMinutes(5), e -> onTimeout());

        handlers.check(System.nanoTime());

        assertThat(timeouts).hasValue(0);
        assertThat(handlers.describe()).extracting(WorkerPresence.RunningTask::taskId).containsExactly("id-1");
        assertThat(handlers.finish(run)).isTrue();
    }

    @Test
    void aHandlerIgnoringItsInterruptIsInterruptedAndItsTaskSettledOnceWithoutWaitingForIt() throws Exception {
        HandlerWatchdog handlers = new HandlerWatchdog("test", null);
        AtomicBoolean spin = new AtomicBoolean(true);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean settlesItself = new AtomicBoolean(true);
        AtomicBoolean interruptLeftOver = new AtomicBoolean(true);
        CountDownLatch started = new CountDownLatch(1);
        Thread handler = Thread.ofPlatform().start(() -> {
            HandlerRun run = handlers.start(TASK, Instant.now(), TIMEOUT, e -> onTimeout());
            started.countDown();
            while (spin.get()) {
                if (Thread.currentThread().isInterrupted()) {
                    interrupted.set(true);
                }
                Thread.onSpinWait();
            }
            settlesItself.set(handlers.finish(run));
            interruptLeftOver.set(Thread.currentThread().isInterrupted());
        });
        started.await();

        handlers.check(System.nanoTime() + LATER);
        handlers.check(System.nanoTime() + LATER);

        assertThat(timedOut.await(5, TimeUnit.SECONDS)).isTrue();
        await().untilTrue(interrupted);
        assertThat(handlers.describe()).isEmpty();
        spin.set(false);
        handler.join();
        assertThat(settlesItself).isFalse();
        assertThat(interruptLeftOver).as("the timeout's interrupt must not reach the thread's next task").isFalse();
        assertThat(timeouts).hasValue(1);
    }

    @Test
    void eitherTheHandlerOrTheWatchdogSettlesEachRunNeverBoth() throws Exception {
        HandlerWatchdog handlers = new HandlerWatchdog("test", null);
        for (int i = 0; i < 2_000; i++) {
            AtomicInteger settled = new AtomicInteger();
            HandlerRun run = handlers.start(TASK, Instant.now(), Duration.ZERO, e -> settled.incrementAndGet());
            Thread watchdog = Thread.ofPlatform().start(() -> handlers.check(System.nanoTime() + LATER));
            if (handlers.finish(run)) {
                settled.incrementAndGet();
            }
            watchdog.join();
            long deadline = System.nanoTime() + LATER;
            while (settled.get() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(settled).hasValue(1);
        }
        assertThat(Thread.interrupted()).as("finish() clears the watchdog's interrupt").isFalse();
    }

    @Test
    void theWatchdogThreadTimesOutAHandlerWithinAFewTicks() throws Exception {
        try (HandlerWatchdog handlers = new HandlerWatchdog("ebats-watchdog-test", Duration.ofMillis(5))) {
            Handler handler = new Handler(handlers, TIMEOUT);

            assertThat(timedOut.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(handler.end()).isFalse();
        }
    }

    @Test
    void closingGivesUpOnTheHandlersStillRunning() throws Exception {
        HandlerWatchdog handlers = new HandlerWatchdog("test", null);
        Handler handler = new Handler(handlers, Duration.ofMinutes(5));

        handlers.close();

        assertThat(timedOut.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(handler.end()).isFalse();
    }

    @Test
    void theTickIsAFewPercentOfTheShortestTimeoutWithinBounds() {
        assertThat(HandlerWatchdog.tickFor(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(100));
        assertThat(HandlerWatchdog.tickFor(Duration.ofMillis(20))).isEqualTo(Duration.ofMillis(5));
        assertThat(HandlerWatchdog.tickFor(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(1));
    }

    /** A handler on a thread of its own, blocked until {@link #end()}, which says whether it settles. */
    private final class Handler {
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean settlesItself = new AtomicBoolean();
        private final Thread thread;

        Handler(HandlerWatchdog handlers, Duration timeout) throws InterruptedException {
            CountDownLatch started = new CountDownLatch(1);
            thread = Thread.ofPlatform().start(() -> {
                HandlerRun run = handlers.start(TASK, Instant.now(), timeout, e -> HandlerWatchdogTest.this.onTimeout());
                started.countDown();
                while (true) {
                    try {
                        release.await();
                        break;
                    } catch (InterruptedException e) {
                        // like a handler that ignores its interrupt
                    }
                }
                settlesItself.set(handlers.finish(run));
            });
            started.await();
        }

        boolean end() throws InterruptedException {
            release.countDown();
            thread.join();
            return settlesItself.get();
        }
    }
}
