package io.ebats.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Lets a long-running command wait for Ctrl-C (SIGINT) or SIGTERM and then stop gracefully on its own thread, so
 * the process exits 0. A second signal, a second or more after the first, stops at once. Other ways the JVM goes down (SIGHUP, System.exit) run a
 * shutdown hook that asks for the same graceful stop and waits for it.
 */
final class StopSignal {

    private static final Logger log = LoggerFactory.getLogger(StopSignal.class);
    private static final long HOOK_WAIT_SECONDS = 60;
    private static final long REPEAT_IS_FORCE_AFTER_NANOS = 1_000_000_000L;

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean signalled = new AtomicBoolean();
    private volatile long firstSignalNanos;

    private StopSignal() {
    }

    /** Installs the signal handlers and the shutdown hook. */
    static StopSignal install() {
        StopSignal stop = new StopSignal();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), stop::onSignal);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                log.debug("cannot handle SIG{}; relying on the shutdown hook: {}", name, e.toString());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop::onShutdown, "ebats-shutdown"));
        return stop;
    }

    /** Blocks until a stop was asked for. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** Tells a waiting shutdown hook that everything is closed. */
    void stopped() {
        stopped.countDown();
    }

    private void onSignal(Signal signal) {
        long now = System.nanoTime();
        if (!signalled.compareAndSet(false, true)) {
            // Tools such as timeout(1) signal the process and then its group: a repeat within a second is the
            // same request, not an impatient user.
            if (now - firstSignalNanos > REPEAT_IS_FORCE_AFTER_NANOS) {
                log.warn("SIG{} again: stopping now", signal.getName());
                Runtime.getRuntime().halt(128 + signal.getNumber());
            }
            return;
        }
        firstSignalNanos = now;
        log.info("SIG{} received: stopping gracefully (again to stop at once)", signal.getName());
        requested.countDown();
    }

    private void onShutdown() {
        requested.countDown();
        try {
            stopped.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
