package io.ebats.spring;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A part of ebats that the application context starts after every bean was created and stops before the web
 * server's graceful shutdown (phase {@link #PHASE}, above {@code WebServerGracefulShutdownLifecycle}'s), in the
 * background so that parts of the same phase stop together within
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 *
 * <p>Thread-safe.
 */
abstract class EbatsLifecycle implements SmartLifecycle {

    /** Stopped before the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}), started after it. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    /** Where a part is in its life. */
    enum State { NEW, NOT_STARTED, RUNNING, STOPPING, STOPPED }

    private static final Logger log = LoggerFactory.getLogger(EbatsLifecycle.class);

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final String name;
    private volatile AutoCloseable running;

    EbatsLifecycle(String name) {
        this.name = name;
    }

    /** Starts the part, or returns null (after saying why in the log) when there is nothing to run. */
    abstract AutoCloseable open();

    @Override
    public final void start() {
        if (!state.compareAndSet(State.NEW, State.NOT_STARTED) && !state.compareAndSet(State.STOPPED, State.NOT_STARTED)) {
            return;
        }
        AutoCloseable opened = open();
        if (opened != null) {
            running = opened;
            state.set(State.RUNNING);
        }
    }

    @Override
    public final void stop() {
        stop(() -> { });
    }

    @Override
    public final void stop(Runnable callback) {
        AutoCloseable part = running;
        if (part == null || !state.compareAndSet(State.RUNNING, State.STOPPING)) {
            callback.run();
            return;
        }
        Thread.ofPlatform().name("ebats-stop-" + name).start(() -> {
            try {
                part.close();
            } catch (Exception e) {
                log.warn("stopping the ebats {} failed: {}", name, e.toString());
            } finally {
                running = null;
                state.set(State.STOPPED);
                callback.run();
            }
        });
    }

    @Override
    public final boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    @Override
    public final int getPhase() {
        return PHASE;
    }

    /** The running part, or null. */
    AutoCloseable current() {
        return running;
    }

    /** The part's state now. */
    State state() {
        return state.get();
    }
}
