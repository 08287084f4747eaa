package io.ebats.internal.execution;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.ebats.EbatsException;
import io.ebats.Worker;
import io.ebats.WorkerPresence;
import io.ebats.internal.Closeables;
import io.ebats.internal.Engine;
import io.ebats.internal.InFlight;
import io.ebats.internal.broker.AckBatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes each topic's queue on its own channel and runs up to {@code concurrency} deliveries at once, handler
 * and settlement, each on a pooled platform thread; a watchdog times out handlers ({@link HandlerWatchdog}). The
 * prefetch above the concurrency holds deliveries waiting for a slot ({@link ConcurrencyGate}) and acks waiting
 * to be sent together ({@link AckBatcher}). Closing cancels the consumers, gives the waiting deliveries back, waits for
 * running tasks within the grace period, sends the held acks, then closes the connection so that
 * unacknowledged tasks return to their queues.
 */
final class DefaultWorker implements Worker {

    private static final Logger log = LoggerFactory.getLogger(DefaultWorker.class);
    /** The longest a task's ack waits to be sent with others. */
    static final long MAX_ACK_HOLD_MILLIS = 10;
    /** How long interrupted handlers, past the grace period, get to settle before the worker has stopped. */
    private static final Duration SETTLING_AFTER_INTERRUPT = Duration.ofSeconds(5);

    private final WorkerSettings settings;
    private final Connection connection;
    private final ExecutorService handlerThreads;
    private final ScheduledExecutorService ackTimer;
    private final HandlerWatchdog handlers;
    private final Engine engine;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscriptionCount = new AtomicInteger();
    private final InFlight inFlight = new InFlight();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final String workerId = UUID.randomUUID().toString();
    private final Heartbeat heartbeat;

    DefaultWorker(Engine engine, WorkerSettings settings) {
        engine.components().requireOpen();
        this.settings = settings;
        settings.topics().forEach(engine.topology()::ensureTopic);
        // Handlers run on platform threads unless told otherwise: a handler that spins without looking at its
        // interrupt would pin a virtual thread's carrier for good, and with one carrier per core a few of them would
        // stall the worker. The pool grows past the concurrency only while such runaway handlers still hold their
        // threads.
        this.handlerThreads = Executors.newCachedThreadPool(settings.threadFactory() != null ? settings.threadFactory()
                : Thread.ofPlatform().daemon().name("ebats-worker-" + settings.name() + "-", 0).factory());
        this.handlers = new HandlerWatchdog("ebats-watchdog-" + settings.name(),
                HandlerWatchdog.tickFor(shortestTimeout(settings)));
        this.ackTimer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ebats-acks-" + settings.name()).factory());
        this.heartbeat = new Heartbeat(engine, settings, workerId, handlers);
        DuplicateGuard duplicates = new DuplicateGuard(settings.succeededTasks());
        LateOutcomes lateOutcomes = new LateOutcomes();
        this.engine = engine;
        this.connection = engine.openConnection("worker-" + settings.name());
        try {
            for (String topic : settings.topics()) {
                subscribe(topic, new TaskRunner(settings, topic, new EngineRepublisher(engine, topic),
                        engine.config().maxMessageBytes(), handlers, duplicates, lateOutcomes, engine.interception()));
            }
        } catch (IOException e) {
            close();
            throw new EbatsException("cannot start worker " + settings.name() + ": " + e.getMessage(), e);
        }
        try {
            engine.components().add(this);
        } catch (IllegalStateException e) {
            close();
            throw e;
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
        return inFlight.count();
    }

    @Override
    public WorkerPresence presence() {
        return heartbeat.snapshot();
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
            for (Delivery waiting : s.gate.close()) {
                s.acks.requeue(waiting.envelope().getDeliveryTag());
            }
        }
        inFlight.awaitNone(settings.shutdownGrace());
        int unfinished = inFlight.count();
        ackTimer.shutdown();
        subscriptions.forEach(s -> s.acks.flush());
        heartbeat.close();
        Closeables.closeQuietly(connection, log, "the connection of worker " + settings.name());
        handlerThreads.shutdownNow();
        handlers.close();
        inFlight.awaitNone(SETTLING_AFTER_INTERRUPT);
        engine.components().remove(this);
        if (unfinished > 0) {
            log.warn("worker {} stopped with {} tasks unfinished after {}; they return to their queues",
                    settings.name(), unfinished, settings.shutdownGrace());
        } else {
            log.info("worker {} stopped", settings.name());
        }
    }

    /** Consumes the topic's queue on a channel of its own, subscribing again if the broker closes it. */
    private void subscribe(String topic, TaskRunner runner) throws IOException {
        Channel channel = connection.createChannel();
        channel.basicQos(settings.prefetch());
        AckBatcher acks = new AckBatcher(channel, settings.prefetch() - settings.concurrency() + 1,
                MAX_ACK_HOLD_MILLIS, ackTimer);
        DeliveryAcks settlements = DeliveryAcks.batchedBy(acks);
        ConcurrencyGate<Delivery> gate = new ConcurrencyGate<>(settings.concurrency(), handlerThreads,
                (delivery, release) -> {
                    inFlight.enter();
                    runner.run(settlements, delivery.envelope(), delivery.props(), delivery.body(),
                            () -> settled(release));
                });
        String tag = channel.basicConsume(engine.names().taskQueue(topic), false,
                "ebats-worker-" + settings.name() + "-" + topic + "-" + subscriptionCount.incrementAndGet(),
                new TaskConsumer(channel, acks, gate));
        subscriptions.add(new Subscription(channel, tag, acks, gate));
        channel.addShutdownListener(cause -> {
            // A lost connection is recovered with its channels by the client; a channel the broker closed on its
            // own, with the connection still up, is not: without a new one the topic would silently stop.
            if (cause.isHardError() || cause.isInitiatedByApplication() || !running.get()) {
                return;
            }
            String reason = cause.getMessage();
            if (reason != null && reason.contains("delivery acknowledgement")) {
                log.error("worker {}: RabbitMQ closed the channel of topic {} because a task was not acknowledged "
                        + "within its consumer_timeout; keep every handler timeout (here {}) below the broker's "
                        + "consumer_timeout. Subscribing again.", settings.name(), topic, settings.handlerTimeout());
            } else {
                log.error("worker {}: the broker closed the channel of topic {} ({}); subscribing again",
                        settings.name(), topic, reason);
            }
            Thread.ofVirtual().name("ebats-resubscribe-" + topic).start(() -> resubscribe(topic, runner));
        });
    }

    private void resubscribe(String topic, TaskRunner runner) {
        for (long backoff = 100; running.get(); backoff = Math.min(backoff * 2, 5_000)) {
            try {
                subscribe(topic, runner);
                log.info("worker {}: consuming topic {} again", settings.name(), topic);
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("worker {}: subscribing to topic {} failed, again in {} ms: {}", settings.name(), topic,
                        backoff, e.toString());
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Duration shortestTimeout(WorkerSettings settings) {
        Duration shortest = settings.handlerTimeout();
        for (BoundHandler handler : settings.handlers().values()) {
            if (handler.timeout() != null && handler.timeout().compareTo(shortest) < 0) {
                shortest = handler.timeout();
            }
        }
        return shortest;
    }

    private void settled(Runnable release) {
        inFlight.leave();
        try {
            release.run();
        } catch (RejectedExecutionException e) {
            log.debug("worker {} closed before a waiting task could start; it returns to the queue", settings.name());
        }
    }

    private record Subscription(Channel channel, String consumerTag, AckBatcher acks,
                                ConcurrencyGate<Delivery> gate) {
    }

    private record Delivery(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
    }

    private final class TaskConsumer extends DefaultConsumer {
        private final AckBatcher acks;
        private final ConcurrencyGate<Delivery> gate;

        TaskConsumer(Channel channel, AckBatcher acks, ConcurrencyGate<Delivery> gate) {
            super(channel);
            this.acks = acks;
            this.gate = gate;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            if (!acks.delivered(envelope.getDeliveryTag())) {
                return;
            }
            boolean taken;
            try {
                taken = gate.submit(new Delivery(envelope, props, body));
            } catch (RejectedExecutionException e) {
                taken = false;
            }
            if (!taken) { // closing: the task goes back to the queue
                acks.requeue(envelope.getDeliveryTag());
            }
        }
    }
}
