package io.ebats.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.ebats.EbatsConfig;
import io.ebats.EbatsException;
import io.ebats.PublishException;
import io.ebats.Event;
import io.ebats.Interceptors;
import io.ebats.NewTask;
import io.ebats.PublishKind;
import io.ebats.internal.broker.BrokerConnection;
import io.ebats.internal.broker.BrokerDialect;
import io.ebats.internal.broker.ConfirmingPublisher;
import io.ebats.internal.broker.Topology;
import io.ebats.internal.broker.TopologyNames;
import io.ebats.internal.interception.Interception;
import io.ebats.internal.message.Headers;
import io.ebats.internal.message.Json;
import io.ebats.internal.message.TaskMessage;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared machinery of one {@code Ebats} instance: the publishing connection, confirmed publishing, and
 * topology. Workers, schedulers and consumers open their own consuming connections and publish through here.
 */
public final class Engine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    private static final int PUBLISH_CHANNELS = 4;

    private final EbatsConfig config;
    private final String name;
    private final Connection connection;
    private final ConfirmingPublisher publisher;
    private final Topology topology;
    private final Components components = new Components();
    private final Interception interception;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Connection adminConnection; // guarded by this

    public Engine(EbatsConfig config, String name) {
        this(config, name, Interceptors.NONE);
    }

    public Engine(EbatsConfig config, String name, Interceptors interceptors) {
        this.config = config;
        this.name = name;
        this.interception = new Interception(interceptors);
        this.connection = BrokerConnection.open(config.broker(), name + "-publisher");
        this.publisher = new ConfirmingPublisher(connection, PUBLISH_CHANNELS, config.publishTimeout());
        this.topology = Topology.of(connection, config);
    }

    /** The name of this engine's connections. */
    public String name() {
        return name;
    }

    public EbatsConfig config() {
        return config;
    }

    public TopologyNames names() {
        return topology.names();
    }

    public Topology topology() {
        return topology;
    }

    public ConfirmingPublisher publisher() {
        return publisher;
    }

    /** The interceptors of publishes and handler runs. */
    public Interception interception() {
        return interception;
    }

    /** The broker's dialect. */
    public BrokerDialect dialect() {
        return topology.dialect();
    }

    /** Whether the publishing connection is open now: false once closed, and while it recovers from a drop. */
    public boolean isConnected() {
        return !closed.get() && connection.isOpen();
    }

    /** The broker's product and version as its server properties name them, such as {@code RabbitMQ 3.10.8}. */
    public String brokerVersion() {
        Map<String, Object> server = connection.getServerProperties();
        return (Objects.toString(server.get("product"), "") + " " + Objects.toString(server.get("version"), "")).trim();
    }

    /** The components started on this engine: each adds itself when started and removes itself when closed. */
    public Components components() {
        return components;
    }

    /**
     * The connection for short administrative operations (inspecting and browsing queues, listening to
     * heartbeats), opened on first use and closed with the engine.
     */
    public synchronized Connection adminConnection() {
        if (closed.get()) {
            throw new IllegalStateException("this Ebats instance is closed");
        }
        if (adminConnection == null) {
            adminConnection = openConnection("admin");
        }
        return adminConnection;
    }

    /** Opens another connection to the same broker, for a component that consumes. */
    public Connection openConnection(String purpose) {
        return BrokerConnection.open(config.broker(), name + "-" + purpose);
    }

    /** Publishes an event and returns its id once confirmed. */
    public String publishEvent(Event event) {
        return confirmed(publishEventAsync(event), "event " + event.name(), null);
    }

    /**
     * Publishes an event; the future completes with its id on the broker's confirm.
     *
     * @throws IllegalArgumentException when the params exceed the size limit
     */
    public CompletableFuture<String> publishEventAsync(Event event) {
        return publishEventAsync(event, Map.of());
    }

    /**
     * Publishes an event with headers of its own besides ebats's (a schedule's name and nominal time), which the
     * scheduler carries onto its tasks; the future completes with its id on the broker's confirm.
     *
     * @throws IllegalArgumentException when the params exceed the size limit
     */
    public CompletableFuture<String> publishEventAsync(Event event, Map<String, Object> headers) {
        byte[] body = checkedSize(Json.writeParams(event.params()), "event " + event.name());
        try {
            declareForPublish(topology::ensureEvents, "event " + event.name());
        } catch (PublishException e) {
            return CompletableFuture.failedFuture(e);
        }
        long now = System.currentTimeMillis();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .messageId(event.id())
                .type(event.name())
                .contentType(Headers.CONTENT_TYPE_JSON)
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .timestamp(new Date(now))
                .headers(withCreatedAt(event.headers(), headers, now))
                .build();
        String exchange = names().eventsExchange();
        return send(PublishKind.EVENT, exchange, exchange, event.name(), props, body).handle((ok, error) -> {
            if (error != null) {
                topology.forgetAfterFailure(null);
                throw asPublishException(error);
            }
            return event.id();
        });
    }

    /** Creates a task and returns its id once confirmed. */
    public String createTask(NewTask task) {
        return confirmed(createTaskAsync(task), "task " + task.name() + " on topic " + task.topic(), task.topic());
    }

    /**
     * Creates a task; the future completes with its id on the broker's confirm.
     *
     * @throws IllegalArgumentException when the params exceed the size limit or the delay what the broker holds
     */
    public CompletableFuture<String> createTaskAsync(NewTask task) {
        return createTaskAsync(task, Map.of());
    }

    /**
     * Creates a task that carries {@code carried} headers across its retries (a schedule's name and nominal time);
     * the future completes with its id on the broker's confirm.
     *
     * @throws IllegalArgumentException when the params exceed the size limit or the delay what the broker holds
     */
    public CompletableFuture<String> createTaskAsync(NewTask task, Map<String, Object> carried) {
        byte[] body = checkedSize(Json.writeParams(task.params()), "task " + task.name());
        TaskMessage message = new TaskMessage(task.id(), task.name(), task.topic(), 1, null, null,
                System.currentTimeMillis(), task.retryPolicy(), body, withHeaders(carried, task.headers()));
        CompletableFuture<Void> confirmed;
        try {
            confirmed = publishTask(message, task.delay(), PublishKind.TASK);
        } catch (PublishException e) {
            return CompletableFuture.failedFuture(e);
        }
        return confirmed.handle((ok, error) -> {
            if (error != null) {
                throw asPublishException(error);
            }
            return task.id();
        });
    }

    /**
     * Waits for a confirmed id within the publish timeout; failures as {@link PublishException}, after which the
     * topology of {@code topic} (the events' when null) is declared again on the next publish.
     */
    private String confirmed(CompletableFuture<String> id, String what, String topic) {
        try {
            return publisher.await(id, what);
        } catch (RuntimeException e) {
            topology.forgetAfterFailure(topic); // also here: waiters may wake before the async callback
            throw e;
        }
    }

    private static PublishException asPublishException(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return cause instanceof PublishException p ? p : new PublishException(cause.getMessage(), cause);
    }

    /**
     * Publishes a task message to its topic, held back by the broker's delayed delivery when {@code delay} is
     * positive.
     *
     * @throws IllegalArgumentException when the delay exceeds what the broker can hold
     */
    public CompletableFuture<Void> publishTask(TaskMessage message, Duration delay) {
        return publishTask(message, delay, PublishKind.TASK);
    }

    /**
     * Publishes a task message as {@link #publishTask(TaskMessage, Duration)} does, named {@code kind} to the
     * publish interceptors.
     *
     * @throws IllegalArgumentException when the delay exceeds what the broker can hold
     */
    public CompletableFuture<Void> publishTask(TaskMessage message, Duration delay, PublishKind kind) {
        declareForPublish(() -> topology.ensureTopic(message.topic()), "task " + message.name() + " on topic "
                + message.topic());
        AMQP.BasicProperties props = message.properties(delay);
        CompletableFuture<Void> confirmed;
        String destination = names().taskQueue(message.topic());
        if (delay.toMillis() <= 0) {
            confirmed = send(kind, destination, names().tasksExchange(), message.topic(), props, message.body());
        } else {
            BrokerDialect.DelayedPublish delayed = topology.dialect().delayed(message.topic(), delay, props);
            confirmed = send(kind, destination, delayed.exchange(), delayed.routingKey(), delayed.properties(),
                    message.body());
        }
        // forgets before the returned future completes, so a caller woken by the failure republishes into a
        // declared topology (a dependent registered with exceptionally() may run after the caller's)
        return confirmed.whenComplete((ok, error) -> {
            if (error != null) {
                topology.forgetAfterFailure(message.topic());
            }
        });
    }

    /** Publishes straight into a queue through the default exchange, past the interceptors (commands). */
    public CompletableFuture<Void> publishToQueue(String queue, AMQP.BasicProperties props, byte[] body) {
        return publisher.publishAsync("", queue, props, body);
    }

    /** Publishes straight into a queue through the default exchange (dead letters, replays), intercepted. */
    public CompletableFuture<Void> publishToQueue(PublishKind kind, String queue, AMQP.BasicProperties props,
                                                  byte[] body) {
        return send(kind, queue, "", queue, props, body);
    }

    /** Publishes through the interceptors, if there are any. */
    private CompletableFuture<Void> send(PublishKind kind, String destination, String exchange, String routingKey,
                                         AMQP.BasicProperties props, byte[] body) {
        if (!interception.publishes()) {
            return publisher.publishAsync(exchange, routingKey, props, body);
        }
        return interception.publish(kind, destination, exchange, routingKey, props,
                sent -> publisher.publishAsync(exchange, routingKey, sent, body));
    }

    private static Map<String, Object> withCreatedAt(Map<String, String> own, Map<String, Object> headers, long now) {
        if (headers.isEmpty() && own.isEmpty()) {
            return Map.of(Headers.CREATED_AT, now);
        }
        Map<String, Object> all = new HashMap<>(own);
        all.putAll(headers);
        all.put(Headers.CREATED_AT, now);
        return all;
    }

    private static Map<String, Object> withHeaders(Map<String, Object> carried, Map<String, String> own) {
        if (own.isEmpty()) {
            return carried;
        }
        Map<String, Object> all = new HashMap<>(own);
        all.putAll(carried);
        return all;
    }

    /** Declares what a publish needs; a broker that cannot be reached makes it a {@link PublishException}. */
    private static void declareForPublish(Runnable declare, String what) {
        try {
            declare.run();
        } catch (PublishException e) {
            throw e;
        } catch (EbatsException | ShutdownSignalException e) {
            throw new PublishException(what + " was not published: " + e.getMessage(), e);
        }
    }

    private byte[] checkedSize(byte[] body, String what) {
        if (body.length > config.maxMessageBytes()) {
            throw new IllegalArgumentException(what + " has " + body.length + " bytes of params, over the limit of "
                    + config.maxMessageBytes() + " bytes");
        }
        return body;
    }

    /**
     * Closes the components started on this engine (newest first), then the admin connection, the publisher and
     * the publishing connection. Idempotent, also under concurrent callers.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        components.close();
        Connection admin;
        synchronized (this) {
            admin = adminConnection;
        }
        Closeables.closeQuietly(admin, log, "the admin connection");
        publisher.close();
        Closeables.closeQuietly(connection, log, "the publishing connection");
    }
}
