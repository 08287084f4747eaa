package io.ebats.internal.execution;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.ebats.EbatsException;
import io.ebats.Worker;
import io.ebats.WorkerPresence;
import io.ebats.internal.Engine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes each topic's queue on its own channel with prefetch = concurrency and settles every delivery on a
 * virtual thread, running its handler on a pooled platform thread. Closing cancels the consumers, waits for running tasks within the grace period, then closes
 * the connection so that unacknowledged tasks return to their queues.
 */
final class DefaultWorker implements Worker {

    private static final Logger log = LoggerFactory.getLogger(DefaultWorker.class);

    private final WorkerSettings settings;
    private final Connection connection;
    private final ExecutorService runners;
    private final ExecutorService handlerThreads;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final String workerId = java.util.UUID.randomUUID().toString();
    private final Presence presence;

    DefaultWorker(Engine engine, WorkerSettings settings) {
        this.settings = settings;
        settings.topics().forEach(engine.topology()::ensureTopic);
        this.runners = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("ebats-worker-" + settings.name() + "-", 0).factory());
        // Handlers run on platform threads: a handler that spins without looking at its interrupt would pin a
        // virtual thread's carrier for good, and with one carrier per core a few of them would stall the worker.
        // The pool grows past the concurrency only while such runaway handlers still hold their threads.
        this.handlerThreads = Executors.newCachedThreadPool(
                Thread.ofPlatform().daemon().name("ebats-handler-" + settings.name() + "-", 0).factory());
        this.presence = new Presence(engine, settings, workerId);
        DuplicateGuard duplicates = settings.succeededTasks() == null ? null
                : new DuplicateGuard(settings.succeededTasks());
        this.connection = engine.openConnection("worker-" + settings.name());
        try {
            for (String topic : settings.topics()) {
                Channel channel = connection.createChannel();
                channel.basicQos(settings.concurrency());
                TaskRunner runner = new TaskRunner(engine, settings, topic, handlerThreads, presence, duplicates);
                String tag = channel.basicConsume(engine.names().taskQueue(topic), false,
                        "ebats-worker-" + settings.name() + "-" + topic, new TaskConsumer(channel, runner));
                subscriptions.add(new Subscription(channel, tag));
            }
        } catch (IOException e) {
            close();
            throw new EbatsException("cannot start worker " + settings.name() + ": " + e.getMessage(), e);
        }
        log.info("worker {} started: topics {}, concurrency {}, handlers {}", settings.name(), settings.topics(),
                settings.concurrency(), settings.handlers().keySet());
    }

    @Override
    public Set<String> topics() {
        return settings.topics();
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public WorkerPresence presence() {
        return presence.snapshot();
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        for (Subscription s : subscriptions) {
            try {
                if (s.channel.isOpen()) {
                    s.channel.basicCancel(s.consumerTag);
                }
            } catch (IOException | RuntimeException e) {
                log.debug("cancel failed: {}", e.toString());
            }
        }
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            pause();
        }
        int unfinished = inFlight.get();
        presence.close();
        try {
            if (connection.isOpen()) {
                connection.close();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("close failed: {}", e.toString());
        }
        handlerThreads.shutdownNow();
        runners.shutdownNow();
        try {
            runners.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (unfinished > 0) {
            log.warn("worker {} stopped with {} tasks unfinished after {}; they return to their queues",
                    settings.name(), unfinished, settings.shutdownGrace());
        } else {
            log.info("worker {} stopped", settings.name());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Subscription(Channel channel, String consumerTag) {
    }

    private final class TaskConsumer extends DefaultConsumer {
        private final TaskRunner runner;

        TaskConsumer(Channel channel, TaskRunner runner) {
            super(channel);
            this.runner = runner;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            inFlight.incrementAndGet();
            try {
                runners.execute(() -> {
                    try {
                        runner.run(getChannel(), envelope, props, body);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                inFlight.decrementAndGet(); // shutting down: the task returns to the queue with the connection
            }
        }
    }
}
