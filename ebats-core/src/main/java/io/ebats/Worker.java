package io.ebats;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * Consumes the task queues of one or more topics and runs each task's handler.
 * Each topic runs up to {@code concurrency} tasks at once, each on a pooled platform thread; a watchdog
 * interrupts handlers past their timeout and settles their tasks. A task is acknowledged only after its handler
 * finished and any retry or dead letter it led to was confirmed by the broker.
 *
 * <pre>{@code
 * Worker worker = ebats.worker()
 *     .topic("demo")
 *     .concurrency(16)
 *     .handle("virtualShipping", ctx -> ship(ctx.params()))
 *     .handlers(new TaskDemoModel())
 *     .listener(attempt -> log.info("{}", attempt))
 *     .start();
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops taking tasks, lets running tasks finish within the shutdown grace
 * period and returns the rest to the queue; it is idempotent.
 */
public interface Worker extends AutoCloseable {

    /** The topics this worker consumes. */
    Set<String> topics();

    /** Tasks running now. */
    int inFlight();

    /** What this worker announces about itself: identity, tasks running per topic, running tasks. */
    WorkerPresence presence();

    /**
     * Whether this worker has stopped taking tasks of {@code topic} because the topic is paused
     * ({@link TopicControl}); it follows a pause or resume within a second.
     *
     * @throws IllegalArgumentException when this worker does not consume {@code topic}
     */
    boolean isPaused(String topic);

    /** True between {@link Builder#start()} and {@link #close()}. */
    boolean isRunning();

    /** Graceful stop, bounded by the shutdown grace period. */
    @Override
    void close();

    /** Configures and starts a worker. Not thread-safe. */
    interface Builder {

        Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofMinutes(5);
        Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
        int DEFAULT_CONCURRENCY = 16;
        /** The largest prefetch AMQP allows. */
        int MAX_PREFETCH = 65_535;
        int DEFAULT_REDELIVERY_LIMIT = 20;
        /** Below the broker's own delivery limit of a task queue, 100 (docs/protocol.md, section 1.5). */
        int MAX_REDELIVERY_LIMIT = 99;

        /** Adds a topic whose task queue this worker consumes. */
        Builder topic(String topic);

        /** Tasks run at once per topic; default {@value #DEFAULT_CONCURRENCY}. */
        Builder concurrency(int concurrency);

        /**
         * Deliveries a topic's consumer holds unacknowledged at once (AMQP {@code basic.qos}): the tasks running,
         * those waiting for a free slot, and those whose acknowledgements are held to be sent together (one
         * {@code multiple} ack for several tasks, at most 10 ms later). At least the concurrency, at most
         * {@value #MAX_PREFETCH}; by default {@link #defaultPrefetch(int)}. Equal to the
         * concurrency, every ack goes out on its own at once; a larger margin batches more acks, and a worker
         * killed before sending them leaves more tasks to run again.
         */
        Builder prefetch(int prefetch);

        /** The prefetch of a worker that sets none: the concurrency plus half of it, at least 1 and at most 256 more. */
        static int defaultPrefetch(int concurrency) {
            return Math.min(MAX_PREFETCH, concurrency + Math.min(256, Math.max(1, concurrency / 2)));
        }

        /** How long a handler may run before it is interrupted and the attempt counts as a retryable failure. */
        Builder handlerTimeout(Duration timeout);

        /**
         * Deliveries of one task without a settlement after which it is dead-lettered with reason
         * {@code redelivery-limit} instead of run again: a task that crashes its workers, or whose retry the broker
         * keeps refusing. 1 to {@value #MAX_REDELIVERY_LIMIT}, below the broker's own limit; default
         * {@value #DEFAULT_REDELIVERY_LIMIT}.
         */
        Builder redeliveryLimit(int limit);

        /** How long {@link Worker#close()} waits for running tasks. */
        Builder shutdownGrace(Duration grace);

        /** The retry policy for tasks whose message does not carry one. */
        Builder retryPolicy(RetryPolicy policy);

        /** Adds a listener called after every attempt. */
        Builder listener(AttemptListener listener);

        /** A handler that reads its params from the context. */
        Builder handle(String task, TaskHandler<Map<String, Object>> handler);

        /** A handler whose params are bound to {@code type} (a record, a bean, a map). */
        <P> Builder handle(String task, Class<P> type, TaskHandler<P> handler);

        /** Every {@link HandlesTask} method of {@code target} becomes a handler. */
        Builder handlers(Object target);

        /**
         * Every {@link HandlesTask} method of {@code type} becomes a handler that calls the public method of the same
         * name and parameters on {@code target}: for a target behind a proxy (such as one that opens a transaction
         * around each call) whose own class does not carry the annotations. {@code target} is called from worker
         * threads, possibly concurrently.
         *
         * @throws IllegalArgumentException when {@code type} has no public {@link HandlesTask} method, or
         *                                  {@code target} lacks one of them as a public method
         */
        Builder handlers(Object target, Class<?> type);

        /**
         * Acknowledges without running every task whose id {@code record} says has already succeeded, reporting
         * it as {@link Outcome#SKIPPED}. Within one worker the check is exact, copies that arrive while the first
         * runs wait for it; across workers it is as exact as {@code record} is up to date. Off by default.
         */
        Builder skipSucceeded(SucceededTasks record);

        /**
         * Honours the cancels held in {@code store} (see {@link Cancellations}): a cancelled task is acknowledged
         * without running when it arrives, and a running one has its handler interrupted; both are reported
         * {@link Outcome#CANCELLED}. The worker reads the store when it starts (and fails to start when it cannot)
         * and after each reconnect, and hears of later cancels from the namespace's cancel broadcast; it holds the
         * ids of the cancelled tasks in memory, about 100 bytes each. Off by default: a worker not given the store runs
         * cancelled tasks.
         */
        Builder cancellations(CancelledTasks store);

        /**
         * Where handlers run: the worker makes its handler threads with {@code factory}, pooled and reused. By
         * default daemon platform threads named {@code ebats-worker-{name}-N}. A factory of virtual threads (such
         * as {@code Thread.ofVirtual().factory()}) suits handlers that mostly wait on I/O, but a handler that spins
         * without looking at its interrupt then holds a carrier thread for good, past its timeout (see
         * docs/reliability.md). The factory is called from the worker's consumer threads.
         */
        Builder handlerThreads(ThreadFactory factory);

        /** A name for logs and the worker's connection; default: a random id. */
        Builder name(String name);

        /**
         * Declares the topics' queues and starts consuming.
         *
         * @throws IllegalStateException when no topic or no handler was given
         */
        Worker start();
    }
}
