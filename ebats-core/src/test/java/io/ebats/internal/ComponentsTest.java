package io.ebats.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ComponentsTest {

    private final Components components = new Components();
    private final List<String> closedInOrder = new CopyOnWriteArrayList<>();

    @Test
    void closingTheOwnerClosesTheOpenComponentsNewestFirst() {
        components.add(named("worker"));
        components.add(named("scheduler"));
        components.add(named("consumer"));

        components.close();

        assertThat(closedInOrder).containsExactly("consumer", "scheduler", "worker");
    }

    @Test
    void aComponentThatClosedAndRemovedItselfIsNotClosedAgainNorHeld() {
        AutoCloseable worker = named("worker");
        components.add(worker);
        components.add(named("scheduler"));
        components.remove(worker);

        assertThat(components.open()).hasSize(1);
        components.close();

        assertThat(closedInOrder).containsExactly("scheduler");
    }

    @Test
    void aComponentThatRemovesItselfWhileTheOwnerClosesItDoesNotDeadlock() {
        AutoCloseable[] self = new AutoCloseable[1];
        self[0] = () -> {
            closedInOrder.add("self-removing");
            components.remove(self[0]);
        };
        components.add(self[0]);

        components.close();

        assertThat(closedInOrder).containsExactly("self-removing");
        assertThat(components.open()).isEmpty();
    }

    @Test
    void nothingStartsOnAClosedOwner() {
        components.close();

        assertThatThrownBy(components::requireOpen).isInstanceOf(IllegalStateException.class)
                .hasMessage("this Ebats instance is closed");
        assertThatThrownBy(() -> components.add(named("late"))).isInstanceOf(IllegalStateException.class);
        assertThat(components.open()).isEmpty();
    }

    @Test
    void aComponentThatFailsToCloseDoesNotKeepTheOthersOpen() {
        components.add(named("first"));
        components.add(() -> {
            throw new IllegalStateException("broken");
        });

        components.close();

        assertThat(closedInOrder).containsExactly("first");
    }

    @Test
    void closingFromManyThreadsAtOnceClosesEachComponentOnce() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            components.add(closes::incrementAndGet);
        }
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    components.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        start.countDown();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(closes).hasValue(50);
    }

    private AutoCloseable named(String name) {
        return () -> closedInOrder.add(name);
    }
}
