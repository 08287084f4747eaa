package io.ebats.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightTest {

    private final InFlight inFlight = new InFlight();

    @Test
    void nothingInFlightNeedsNoWait() {
        long started = System.nanoTime();

        assertThat(inFlight.awaitNone(Duration.ofSeconds(10))).isTrue();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theWaitEndsWhenTheLastUnitLeaves() throws Exception {
        inFlight.enter();
        inFlight.enter();
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(
                () -> inFlight.awaitNone(Duration.ofSeconds(30)));

        inFlight.leave();
        assertThat(inFlight.count()).isEqualTo(1);
        assertThat(drained).isNotDone();
        inFlight.leave();

        assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight.count()).isZero();
    }

    @Test
    void theWaitEndsAtItsTimeoutWhileWorkIsLeft() {
        inFlight.enter();

        assertThat(inFlight.awaitNone(Duration.ofMillis(50))).isFalse();
        assertThat(inFlight.count()).isEqualTo(1);
    }

    @Test
    void aSecondWaitAfterWorkStartedAgainWaitsForThatWork() {
        inFlight.enter();
        assertThat(inFlight.awaitNone(Duration.ofMillis(1))).isFalse(); // publishes the latch
        inFlight.leave(); // the last unit: counts that latch down
        assertThat(inFlight.awaitNone(Duration.ofSeconds(1))).isTrue();

        inFlight.enter();

        assertThat(inFlight.awaitNone(Duration.ofMillis(50))).as("a spent latch is not trusted").isFalse();
        inFlight.leave();
        assertThat(inFlight.awaitNone(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void anInterruptedWaitReturnsAndKeepsTheInterrupt() {
        inFlight.enter();
        Thread.currentThread().interrupt();
        try {
            assertThat(inFlight.awaitNone(Duration.ofSeconds(30))).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
