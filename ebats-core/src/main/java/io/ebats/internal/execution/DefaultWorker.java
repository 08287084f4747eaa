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
import io.ebats.internal.message.Headers;
import io.ebats.internal.cancellation.CancelWatch;
import io.ebats.internal.pause.PauseWatch;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes each topic's queue on its own channel and runs up to {@code concurrency} deliveries at once, handler
 * and settlement, each on a pooled platform thread; a watchdog times out handlers ({@link HandlerWatchdog}). The
 * prefetch above the concurrency holds deliveries waiting for a slot ({@link ConcurrencyGate}) and acks waiting
 * to be sent together ({@link AckBatcher}). A paused topic ({@link PauseWatch}) has its consumer cancelled; the
 * deliveries waiting for a slot, and those still arriving, are put back by publishing each again into the task
 * queue and acking it once confirmed, which no broker counts as a redelivery. Closing cancels the consumers, gives
 * the waiting deliveries back, waits for running tasks within the grace period, sends the held acks, then closes
 * the connection so that unacknowledged tasks return to their queues.
 */
final class DefaultWorker implements Worker {

    private static final Logger log = LoggerFactory.getLogger(DefaultWorker.class);
    /** The longest a task's ack waits to be sent with others. */
    static final long MAX_ACK_HOLD_MILLIS = 10;
    /** How long interrupted handlers, past the grace period, get to settle before the worker has stopped. */
    private static final Duration SETTLING_AFTER_INTERRUPT = Duration.ofSeconds(5);
    /** The longest a pausing topic waits for its consumer's credit to be spent before cancelling it. */
    private static final long CREDIT_WAIT_MILLIS = 100;

    private final WorkerSettings settings;
    private final Connection connection;
    private final ExecutorService handlerThreads;
    private final ScheduledExecutorService ackTimer;
    private final HandlerWatchdog handlers;
    private final Engine engine;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** The subscription of each topic on its newest channel. */
    private final Map<String, Subscription> current = new ConcurrentHashMap<>();
    /** Deliveries of paused topics being published again, not yet acked. */
    private final InFlight puttingBack = new InFlight();
    private final AtomicInteger subscriptionCount = new AtomicInteger();
    private final InFlight inFlight = new InFlight();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final String workerId = UUID.randomUUID().toString();
    private final Heartbeat heartbeat;
    private final PauseWatch pauses;
    /** Null when the worker was given no store of cancels. */
    private CancelWatch cancels;

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
        PauseWatch watch = null;
        try {
            watch = new PauseWatch(connection, engine.topology().pauseMarkers(), settings.topics(), settings.name(),
                    new PauseWatch.Listener() {
                        @Override
                        public void paused(String topic) {
                            pauseTopic(topic);
                        }

                        @Override
                        public void resumed(String topic) {
                            resumeTopic(topic);
                        }
                    });
        } catch (IOException e) {
            Closeables.closeQuietly(connection, log, "the connection of worker " + settings.name());
            handlerThreads.shutdownNow();
            handlers.close();
            ackTimer.shutdownNow();
            throw new EbatsException("cannot start worker " + settings.name() + ": cannot read whether its topics "
                    + "are paused: " + e.getMessage(), e);
        }
        this.pauses = watch;
        try {
            this.cancels = settings.cancelledTasks() == null ? null : new CancelWatch(engine, connection,
                    settings.cancelledTasks(), settings.name(), handlers::cancel);
        } catch (IOException | RuntimeException e) {
            close();
            throw new EbatsException("cannot start worker " + settings.name() + ": cannot learn which tasks are "
                    + "cancelled: " + e.getMessage(), e);
        }
        Predicate<String> cancelled = cancels == null ? taskId -> false : cancels::isCancelled;
        try {
            for (String topic : settings.topics()) {
                subscribe(topic, new TaskRunner(settings, topic, new EngineRepublisher(engine, topic),
                        engine.config().maxMessageBytes(), handlers, duplicates, lateOutcomes, engine.interception(),
                        cancelled));
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
        List<String> paused = settings.topics().stream().filter(pauses::isPaused).toList();
        log.info("worker {} started: topics {}, concurrency {}, handlers {}{}", settings.name(), settings.topics(),
                settings.concurrency(), settings.handlers().keySet(),
                paused.isEmpty() ? "" : "; paused " + paused + ", whose tasks it takes once resumed");
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
    public boolean isPaused(String topic) {
        if (!settings.topics().contains(topic)) {
            throw new IllegalArgumentException("worker " + settings.name() + " does not consume topic " + topic
                    + " (its topics: " + settings.topics() + ")");
        }
        return pauses.isPaused(topic);
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
        if (pauses != null) {
            pauses.close();
        }
        for (Subscription s : subscriptions) {
            s.cancel();
            for (Delivery waiting : s.gate.close()) {
                s.acks.requeue(waiting.envelope().getDeliveryTag());
            }
        }
        inFlight.awaitNone(settings.shutdownGrace());
        puttingBack.awaitNone(engine.config().publishTimeout());
        int unfinished = inFlight.count();
        ackTimer.shutdown();
        subscriptions.forEach(s -> s.acks.flush());
        heartbeat.close();
        if (cancels != null) {
            cancels.close();
        }
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
        Subscription subscription = new Subscription(topic, channel, acks, gate);
        // A quorum queue may still deliver to a consumer after its cancel-ok; without a default consumer the client
        // would close the connection over such a delivery, returning every running task to the queue.
        channel.setDefaultConsumer(new TaskConsumer(subscription));
        subscriptions.add(subscription);
        current.put(topic, subscription);
        subscription.start();
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

    private void pauseTopic(String topic) {
        Subscription subscription = current.get(topic);
        if (subscription != null) { // none yet: it starts paused
            subscription.pause();
        }
    }

    private void resumeTopic(String topic) {
        Subscription subscription = current.get(topic);
        if (subscription != null) {
            subscription.resume();
        }
    }

    /**
     * Puts a delivery of a paused topic back into its task queue without a redelivery: publishes it again, unchanged
     * but for the broker's delivery count and with its routing key kept, and acks it once the broker confirmed the
     * copy; gives it back (a redelivery) only when the copy was not confirmed.
     */
    private void putBack(Subscription subscription, Delivery delivery) {
        long tag = delivery.envelope().getDeliveryTag();
        Map<String, Object> headers = delivery.props().getHeaders() == null
                ? new HashMap<>() : new HashMap<>(delivery.props().getHeaders());
        headers.remove("x-delivery-count");
        String routingKey = delivery.envelope().getRoutingKey();
        if (!delivery.envelope().getExchange().isEmpty() && routingKey != null) {
            headers.putIfAbsent(Headers.ROUTING_KEY, routingKey);
        }
        AMQP.BasicProperties props = delivery.props().builder().headers(headers).build();
        puttingBack.enter();
        CompletableFuture<Void> copied;
        try {
            copied = engine.publishToQueue(engine.names().taskQueue(subscription.topic), props, delivery.body());
        } catch (RuntimeException e) {
            copied = CompletableFuture.failedFuture(e);
        }
        copied.whenComplete((ok, error) -> {
            try {
                if (error == null) {
                    subscription.acks.ack(tag);
                } else {
                    log.warn("worker {}: could not put task {} of paused topic {} back, returned to the queue: {}",
                            settings.name(), delivery.props().getMessageId(), subscription.topic, error.toString());
                    subscription.acks.requeue(tag);
                }
            } finally {
                puttingBack.leave();
            }
        });
    }

    /** One topic's consumer on one channel, cancelled while the topic is paused. */
    private final class Subscription {
        private final String topic;
        private final Channel channel;
        private final AckBatcher acks;
        private final ConcurrencyGate<Delivery> gate;
        private String consumerTag; // guarded by this; null while not consuming

        Subscription(String topic, Channel channel, AckBatcher acks, ConcurrencyGate<Delivery> gate) {
            this.topic = topic;
            this.channel = channel;
            this.acks = acks;
            this.gate = gate;
        }

        /** Consumes, unless the topic is paused. */
        synchronized void start() throws IOException {
            if (pauses.isPaused(topic)) {
                gate.pause();
            } else {
                consume();
            }
        }

        /**
         * Stops new tasks at once and puts back what waited for a slot; then, its acks held until the broker has no
         * more credit to send it deliveries (or for {@link #CREDIT_WAIT_MILLIS}), cancels the consumer, so that no
         * delivery is on its way to a cancelled consumer, which a quorum queue would return counting a redelivery.
         */
        void pause() {
            List<Delivery> waiting;
            synchronized (this) {
                waiting = gate.pause();
                acks.hold();
            }
            waiting.forEach(delivery -> putBack(this, delivery));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CREDIT_WAIT_MILLIS);
            while (acks.outstanding() < settings.prefetch() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            cancel();
            acks.release();
            log.info("worker {}: topic {} paused: {} running tasks finish, {} waiting put back in the queue",
                    settings.name(), topic, gate.activeCount(), waiting.size());
        }

        synchronized void resume() {
            gate.resume();
            try {
                consume();
                log.info("worker {}: topic {} resumed", settings.name(), topic);
            } catch (IOException | RuntimeException e) {
                log.warn("worker {}: cannot consume topic {} again ({}); it subscribes again with a new channel",
                        settings.name(), topic, e.toString());
            }
        }

        private void consume() throws IOException {
            if (consumerTag == null && running.get()) {
                consumerTag = channel.basicConsume(engine.names().taskQueue(topic), false,
                        "ebats-worker-" + settings.name() + "-" + topic + "-" + subscriptionCount.incrementAndGet(),
                        new TaskConsumer(this));
            }
        }

        synchronized void cancel() {
            String tag = consumerTag;
            consumerTag = null;
            try {
                if (tag != null && channel.isOpen()) {
                    channel.basicCancel(tag);
                }
            } catch (IOException | RuntimeException e) {
                log.debug("cancel failed: {}", e.toString());
            }
        }
    }

    private record Delivery(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
    }

    private final class TaskConsumer extends DefaultConsumer {
        private final Subscription subscription;
        private final AckBatcher acks;
        private final ConcurrencyGate<Delivery> gate;

        TaskConsumer(Subscription subscription) {
            super(subscription.channel);
            this.subscription = subscription;
            this.acks = subscription.acks;
            this.gate = subscription.gate;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            if (!acks.delivered(envelope.getDeliveryTag())) {
                return;
            }
            Delivery delivery = new Delivery(envelope, props, body);
            boolean taken;
            try {
                taken = gate.submit(delivery);
            } catch (RejectedExecutionException e) {
                taken = false;
            }
            if (taken) {
                return;
            }
            if (gate.isClosed() || !running.get()) { // closing: the task goes back to the queue
                acks.requeue(envelope.getDeliveryTag());
            } else { // paused: arrived before the consumer's cancel took effect
                putBack(subscription, delivery);
            }
        }
    }
}
