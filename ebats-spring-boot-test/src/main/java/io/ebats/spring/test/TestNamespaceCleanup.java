package io.ebats.spring.test;

import io.ebats.Ebats;
import io.ebats.EventManager;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes the test context's namespace (the worker's topics, the registered ones, the scheduler's queues and the
 * delay ladder) when the context stops: in phase 0, after the ebats worker, scheduler and schedules stopped and before
 * the {@link Ebats} bean is closed.
 */
final class TestNamespaceCleanup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TestNamespaceCleanup.class);

    private final ApplicationContext context;
    private volatile boolean running;

    TestNamespaceCleanup(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        Ebats ebats = context.getBeanProvider(Ebats.class).getIfUnique();
        if (ebats == null) {
            return;
        }
        Set<String> topics = new TreeSet<>(Binder.get(context.getEnvironment())
                .bind("ebats.worker.topics", Bindable.listOf(String.class)).orElse(List.of()));
        EventManager events = context.getBeanProvider(EventManager.class).getIfUnique();
        if (events != null) {
            topics.addAll(events.topics());
        }
        try {
            ebats.deleteTopology(topics);
        } catch (RuntimeException e) {
            log.warn("cannot delete the test namespace {}: {}", ebats.config().namespace(), e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
