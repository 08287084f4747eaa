package io.ebats.spring;

import io.ebats.AttemptListener;
import io.ebats.CancelledTasks;
import io.ebats.Durations;
import io.ebats.Ebats;
import io.ebats.SucceededTasks;
import io.ebats.Worker;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the application's worker: the {@code @HandlesTask} methods of its beans on the topics of
 * {@code ebats.worker.topics}, with every {@link AttemptListener} bean attached, skipping tasks that already
 * succeeded and honouring cancels when there is a history store, on virtual threads when asked. Starts only when there are both
 * handlers and topics. Stopping stops taking tasks and lets running ones finish within the shutdown grace, which
 * must fit in {@code spring.lifecycle.timeout-per-shutdown-phase}.
 *
 * <p>Thread-safe. The worker is closed when this stops, and with the {@link Ebats} bean in any case.
 */
final class EbatsWorkerLifecycle extends EbatsLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EbatsWorkerLifecycle.class);

    private final Ebats ebats;
    private final EbatsSettings settings;
    private final HandlerBeans handlers;
    private final List<AttemptListener> listeners;
    private final SucceededTasks succeeded;
    private final CancelledTasks cancelled;
    private final ThreadFactory handlerThreads;
    private final Duration phaseTimeout;

    /**
     * @param succeeded      the record of succeeded tasks the worker skips (the history store), or null
     * @param cancelled      the cancels the worker honours (the history store), or null
     * @param handlerThreads the handlers' threads, or null for the worker's platform threads
     * @param phaseTimeout   {@code spring.lifecycle.timeout-per-shutdown-phase}
     */
    EbatsWorkerLifecycle(Ebats ebats, EbatsSettings settings, HandlerBeans handlers, List<AttemptListener> listeners,
                         SucceededTasks succeeded, CancelledTasks cancelled, ThreadFactory handlerThreads,
                         Duration phaseTimeout) {
        super("worker");
        this.ebats = ebats;
        this.settings = settings;
        this.handlers = handlers;
        this.listeners = List.copyOf(listeners);
        this.succeeded = succeeded;
        this.cancelled = cancelled;
        this.handlerThreads = handlerThreads;
        this.phaseTimeout = phaseTimeout;
    }

    @Override
    AutoCloseable open() {
        Duration grace = grace();
        List<HandlerBeans.HandlerBean> beans = handlers.beans();
        if (beans.isEmpty()) {
            log.info("no bean has @HandlesTask methods: the ebats worker does not start");
            return null;
        }
        if (settings.topics().isEmpty()) {
            log.warn("beans {} have @HandlesTask methods but ebats.worker.topics names no topic: the ebats worker "
                    + "does not start", beans.stream().map(HandlerBeans.HandlerBean::name).toList());
            return null;
        }
        Worker.Builder builder = ebats.worker()
                .concurrency(settings.concurrency())
                .handlerTimeout(settings.timeout())
                .shutdownGrace(grace);
        settings.topics().forEach(builder::topic);
        beans.forEach(b -> builder.handlers(b.bean(), b.targetClass()));
        listeners.forEach(builder::listener);
        if (succeeded != null) {
            builder.skipSucceeded(succeeded);
        }
        if (cancelled != null) {
            builder.cancellations(cancelled);
        }
        if (handlerThreads != null) {
            builder.handlerThreads(handlerThreads);
        }
        return builder.start();
    }

    /** The configured grace, refused when longer than the shutdown phase; by default 30 s or the phase if shorter. */
    private Duration grace() {
        Duration grace = settings.shutdownGrace();
        if (grace == null) {
            return Worker.Builder.DEFAULT_SHUTDOWN_GRACE.compareTo(phaseTimeout) <= 0
                    ? Worker.Builder.DEFAULT_SHUTDOWN_GRACE : phaseTimeout;
        }
        if (grace.compareTo(phaseTimeout) > 0) {
            throw new IllegalStateException("ebats.worker.shutdown-grace (" + Durations.format(grace) + ") is longer than "
                    + "spring.lifecycle.timeout-per-shutdown-phase (" + Durations.format(phaseTimeout) + "): Spring would stop waiting "
                    + "for running tasks before the worker's grace ran out; shorten the grace or lengthen the phase");
        }
        return grace;
    }

    /** The running worker, or null. */
    Worker worker() {
        return (Worker) current();
    }

    /** The topics the worker consumes, sorted; empty when it does not run. */
    TreeSet<String> topics() {
        Worker worker = worker();
        return worker == null ? new TreeSet<>() : new TreeSet<>(worker.topics());
    }
}
