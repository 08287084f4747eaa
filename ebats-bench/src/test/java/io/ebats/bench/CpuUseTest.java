package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CpuUseTest {

    @Test
    void aThreadNamedLikeTheHistoryWriterCountsAsTheStoresAndNotAsTheJitsOrTheGcs() throws InterruptedException {
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        CpuUse.Reading start = CpuUse.now();
        Thread writer = Thread.ofPlatform().name("ebats-history-writer").start(() -> {
            spin(200);
            spun.countDown();
            await(read); // alive while read: a thread's time leaves /proc with it
        });
        spun.await();
        CpuUse spent = CpuUse.now().since(start);
        read.countDown();
        writer.join();

        // the process's time and a thread's schedstat are kept apart by the kernel: a few ms of slack between them
        assertThat(spent.storeNanos()).isBetween(150_000_000L, spent.jvmNanos() + 10_000_000L);
        assertThat(spent.jitNanos()).isBetween(0L, spent.storeNanos());
        assertThat(spent.gcNanos()).isBetween(0L, spent.storeNanos());
    }

    @Test
    void aThreadThatEndedBetweenTwoReadingsIsNotCountedAgainstTheRest() throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        CountDownLatch endedSpun = new CountDownLatch(1);
        Thread ending = Thread.ofPlatform().name("C2 CompilerThread9").start(() -> {
            spin(200);
            endedSpun.countDown();
            await(ended);
        });
        endedSpun.await();
        CpuUse.Reading start = CpuUse.now(); // sees the ending thread with its 200 ms
        ended.countDown();
        ending.join(); // its time leaves /proc with it

        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread running = Thread.ofPlatform().name("C1 CompilerThread8").start(() -> {
            spin(150);
            spun.countDown();
            await(read);
        });
        spun.await();
        CpuUse spent = CpuUse.now().since(start);
        read.countDown();
        running.join();

        // counted against the rest, the ended thread's 200 ms would leave less than nothing of the other's 150 ms
        assertThat(spent.jitNanos()).isBetween(100_000_000L, spent.jvmNanos() + 10_000_000L);
    }

    @Test
    void aSumIsUnknownWhereAPartIsUnknown() {
        CpuUse sum = CpuUse.sum(List.of(new CpuUse(10, 20, 1, 2, 3), new CpuUse(10, -1)));

        assertThat(sum).isEqualTo(new CpuUse(20, -1, -1, -1, -1));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void spin(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 0;
        while (System.nanoTime() < end) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.print("");
        }
    }
}
