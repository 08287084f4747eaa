package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CpuUseTest {

    /**
     * The process's time is counted in clock ticks of 10 ms (it lagged a thread's schedstat by 15 ms on a busy
     * machine), a thread's in nanoseconds: the two are compared with this much slack.
     */
    private static final long CLOCK_SLACK = 50_000_000L;

    @Test
    void aThreadNamedLikeTheHistoryWriterCountsAsTheStoresAndNotAsTheJitsOrTheGcs() throws InterruptedException {
        CpuUse.Reading start = CpuUse.now();
        Spinner writer = Spinner.start("ebats-history-writer", 200);
        CpuUse spent = CpuUse.now().since(start); // while the writer is alive: a thread's time leaves /proc with it
        writer.end();

        assertThat(spent.storeNanos()).isBetween(150_000_000L, spent.jvmNanos() + CLOCK_SLACK);
        assertThat(spent.jitNanos()).isBetween(0L, spent.storeNanos());
        assertThat(spent.gcNanos()).isBetween(0L, spent.storeNanos());
    }

    @Test
    void aThreadThatEndedBetweenTwoReadingsIsNotCountedAgainstTheRest() throws InterruptedException {
        Spinner ending = Spinner.start("C2 CompilerThread9", 200);
        CpuUse.Reading start = CpuUse.now(); // sees the ending thread with its 200 ms
        ending.end(); // its time leaves /proc with it
        Spinner running = Spinner.start("C1 CompilerThread8", 150);
        CpuUse spent = CpuUse.now().since(start);
        running.end();

        // counted against the rest, the ended thread's 200 ms would leave less than nothing of the other's 150 ms
        assertThat(spent.jitNanos()).isBetween(100_000_000L, spent.jvmNanos() + CLOCK_SLACK);
    }

    @Test
    void aSumIsUnknownWhereAPartIsUnknown() {
        CpuUse sum = CpuUse.sum(List.of(new CpuUse(10, 20, 1, 2, 3), new CpuUse(10, -1)));

        assertThat(sum).isEqualTo(new CpuUse(20, -1, -1, -1, -1));
    }

    /** A platform thread that spends some time on a CPU, then stays alive (and in /proc) until it is ended. */
    private static final class Spinner {

        private final CountDownLatch release = new CountDownLatch(1);
        private final Thread thread;

        private Spinner(String name, long millis, CountDownLatch spun) {
            thread = Thread.ofPlatform().name(name).start(() -> {
                spin(millis);
                spun.countDown();
                await(release);
            });
        }

        /** Returns once the thread named {@code name} has spent {@code millis} on a CPU. */
        static Spinner start(String name, long millis) throws InterruptedException {
            CountDownLatch spun = new CountDownLatch(1);
            Spinner spinner = new Spinner(name, millis, spun);
            spun.await();
            return spinner;
        }

        /** Lets the thread end and returns once it has. */
        void end() throws InterruptedException {
            release.countDown();
            thread.join();
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Until this thread has been on a CPU for {@code millis}, however busy the machine is. */
        private static void spin(long millis) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long end = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
            while (threads.getCurrentThreadCpuTime() < end) {
                Thread.onSpinWait();
            }
        }
    }
}
