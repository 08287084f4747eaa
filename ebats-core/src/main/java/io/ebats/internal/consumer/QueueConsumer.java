package io.ebats.internal.consumer;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.ebats.PublishKind;
import io.ebats.ConsumedMessage;
import io.ebats.CustomConsumer;
import io.ebats.EbatsException;
import io.ebats.ExchangeType;
import io.ebats.MessageHandler;
import io.ebats.Names;
import io.ebats.QueueType;
import io.ebats.internal.Closeables;
import io.ebats.internal.Engine;
import io.ebats.internal.deadletter.DeadLetterMessage;
import io.ebats.internal.message.HeaderValues;
import io.ebats.internal.message.Headers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom consumer: reads a user's exchange through a queue of its own, hands each message to the
 * handler, acks after it returned, and dead-letters the message with the reason when it threw.
 */
public final class QueueConsumer implements CustomConsumer {

    private static final Logger log = LoggerFactory.getLogger(QueueConsumer.class);
    private static final long CLOSE_WAIT_MILLIS = 30_000;

    private final Engine engine;
    private final String queue;
    private final MessageHandler handler;
    private final Connection connection;
    private final Channel channel;
    private final ExecutorService threads;
    private final Semaphore running;
    private final int concurrency;
    private final AtomicLong handled = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String consumerTag;

    private QueueConsumer(Engine engine, Builder spec, MessageHandler handler) {
        engine.components().requireOpen();
        this.engine = engine;
        this.queue = spec.queue;
        this.handler = handler;
        this.concurrency = spec.concurrency;
        this.running = new Semaphore(spec.concurrency);
        engine.topology().ensureConsumerQueue(spec.exchange, spec.type.amqpName(), spec.queue, spec.keys,
                spec.queueType);
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ebats-consumer-" + queue + "-", 0)
                .factory());
        this.connection = engine.openConnection("consumer-" + queue);
        try {
            this.channel = connection.createChannel();
            channel.basicQos(spec.concurrency);
            this.consumerTag = channel.basicConsume(queue, false, "ebats-consumer-" + queue, new HandOff());
        } catch (IOException e) {
            close();
            throw new EbatsException("cannot start the consumer of queue " + queue + ": " + e.getMessage(), e);
        }
        try {
            engine.components().add(this);
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
        log.info("consumer started: exchange {} ({}), queue {}, keys {}", spec.exchange, spec.type.amqpName(), queue,
                spec.keys);
    }

    /** A builder bound to an engine. */
    public static CustomConsumer.Builder builder(Engine engine) {
        return new Builder(engine);
    }

    @Override
    public long handled() {
        return handled.get();
    }

    private void handle(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        String routingKey = envelope.getRoutingKey();
        String replayedKey = HeaderValues.string(props.getHeaders(), Headers.ROUTING_KEY);
        if (envelope.getExchange().isEmpty() && replayedKey != null) {
            routingKey = replayedKey;
        }
        ConsumedMessage message = new ConsumedMessage(envelope.getExchange(), routingKey, props.getMessageId(),
                HeaderValues.readable(props.getHeaders()), body);
        try {
            handler.handle(routingKey, message);
        } catch (Exception | Error e) {
            deadLetter(envelope, props, body, e);
            return;
        }
        try {
            channel.basicAck(envelope.getDeliveryTag(), false);
            handled.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            log.warn("could not ack a message of queue {}; the broker redelivers it: {}", queue, e.toString());
        }
    }

    private void deadLetter(Envelope envelope, AMQP.BasicProperties props, byte[] body, Throwable error) {
        if (!channel.isOpen()) {
            return; // the broker redelivers the message on reconnect
        }
        try {
            AMQP.BasicProperties dead = DeadLetterMessage.properties(props, "consumer-error", error, null, 1, queue,
                    envelope.getRoutingKey());
            engine.publisher().await(engine.publishToQueue(PublishKind.DEAD_LETTER, engine.names().deadConsumerQueue(queue), dead, body),
                    "dead letter of queue " + queue);
            channel.basicAck(envelope.getDeliveryTag(), false);
            log.warn("message from queue {} (key {}) dead-lettered: {}", queue, envelope.getRoutingKey(),
                    error.toString());
        } catch (IOException | RuntimeException e) {
            log.warn("could not dead-letter a message of queue {}; returned to the queue: {}", queue, e.toString());
            try {
                channel.basicNack(envelope.getDeliveryTag(), false, true);
            } catch (IOException | RuntimeException ignored) {
                // redelivered on reconnect
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (consumerTag != null && channel.isOpen()) {
                channel.basicCancel(consumerTag);
            }
            running.tryAcquire(concurrency, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            log.debug("cancel failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Closeables.closeQuietly(connection, log, "the connection of consumer " + queue);
        threads.shutdownNow();
        engine.components().remove(this);
    }

    /** Hands each delivery to a handler thread of its own, at most {@code concurrency} at once. */
    private final class HandOff extends DefaultConsumer {
        HandOff() {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            running.acquireUninterruptibly();
            try {
                threads.execute(() -> {
                    try {
                        handle(envelope, props, body);
                    } finally {
                        running.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                running.release();
            }
        }
    }

    /** Collects the consumer's exchange, queue, bindings and concurrency, checks them, and starts it. */
    private static final class Builder implements CustomConsumer.Builder {
        private final Engine engine;
        private String exchange;
        private ExchangeType type;
        private String queue;
        private final List<String> keys = new ArrayList<>();
        private int concurrency = 1;
        private QueueType queueType;

        Builder(Engine engine) {
            this.engine = engine;
            this.queueType = engine.config().queueType();
        }

        @Override
        public CustomConsumer.Builder exchange(String name, ExchangeType exchangeType) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("exchange name must not be empty");
            }
            exchange = name;
            type = Objects.requireNonNull(exchangeType, "exchange type");
            return this;
        }

        @Override
        public CustomConsumer.Builder queue(String name, String... bindingKeys) {
            Names.require("queue", name);
            if (engine.names().isReserved(name)) {
                throw new IllegalArgumentException("queue name " + name + " is reserved for ebats (namespace "
                        + engine.config().namespace() + ")");
            }
            queue = name;
            keys.clear();
            for (String key : bindingKeys) {
                keys.add(Objects.requireNonNull(key, "binding key"));
            }
            return this;
        }

        @Override
        public CustomConsumer.Builder concurrency(int value) {
            if (value < 1 || value > 10_000) {
                throw new IllegalArgumentException("concurrency must be between 1 and 10000, was " + value);
            }
            concurrency = value;
            return this;
        }

        @Override
        public CustomConsumer.Builder queueType(QueueType value) {
            queueType = Objects.requireNonNull(value, "queueType");
            return this;
        }

        @Override
        public CustomConsumer start(MessageHandler messageHandler) {
            Objects.requireNonNull(messageHandler, "handler");
            if (exchange == null) {
                throw new IllegalStateException("a custom consumer needs an exchange");
            }
            if (queue == null) {
                throw new IllegalStateException("a custom consumer needs a queue");
            }
            if (keys.isEmpty() && (type == ExchangeType.DIRECT || type == ExchangeType.TOPIC)) {
                throw new IllegalStateException("a consumer of a " + type.amqpName()
                        + " exchange needs at least one binding key");
            }
            List<String> bindings = keys.isEmpty() ? List.of("") : List.copyOf(keys);
            keys.clear();
            keys.addAll(bindings);
            return new QueueConsumer(engine, this, messageHandler);
        }
    }
}
