package io.ebats;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import io.ebats.internal.Engine;
import io.ebats.internal.consumer.QueueConsumer;
import io.ebats.internal.deadletter.DeadLetterStore;
import io.ebats.internal.execution.PresenceMonitor;
import io.ebats.internal.execution.WorkerBuilder;
import io.ebats.internal.scheduling.EventDispatcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The entry point: one connection to the broker, from which events are published, tasks created, and
 * workers, schedulers and custom consumers started.
 *
 * <pre>{@code
 * try (Ebats ebats = Ebats.connect(EbatsConfig.fromEnvironment())) {
 *     ebats.publish(Event.named("order_paied").param("order_id", "FB1"));
 * }
 * }</pre>
 *
 * <p>Thread-safe: share one instance per process. {@link #close()} closes the workers, schedulers and
 * consumers started from it (gracefully), then the connection; it is idempotent.
 */
public final class Ebats implements AutoCloseable {

    private final Engine engine;
    private final List<AutoCloseable> started = new CopyOnWriteArrayList<>();
    private final Tasks tasks;
    private volatile DeadLetterStore deadLetters;
    private volatile Connection adminConnection;
    private volatile PresenceMonitor presenceMonitor;
    private volatile boolean closed;

    private Ebats(EbatsConfig config, String name) {
        this.engine = new Engine(config, name);
        this.tasks = new Tasks() {
            @Override
            public String create(NewTask task) {
                return engine.createTask(task);
            }

            @Override
            public CompletableFuture<String> createAsync(NewTask task) {
                return engine.createTaskAsync(task);
            }
        };
    }

    /**
     * Connects with the given settings.
     *
     * @throws EbatsException when the broker cannot be reached within the connection timeout
     */
    public static Ebats connect(EbatsConfig config) {
        return new Ebats(config, "ebats-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Connects to a broker URI with default settings otherwise. */
    public static Ebats connect(String brokerUri) {
        return connect(EbatsConfig.defaults().withBroker(BrokerSettings.uri(brokerUri)));
    }

    public EbatsConfig config() {
        return engine.config();
    }

    /** The kind of broker connected to: configured, or detected from its server properties. */
    public BrokerType brokerType() {
        return engine.dialect().type();
    }

    /**
     * Publishes an event and returns its id once the broker confirmed it.
     *
     * @throws PublishException when the broker did not confirm within the publish timeout
     */
    public String publish(Event event) {
        return engine.publishEvent(event);
    }

    /**
     * Publishes an event without waiting for the broker: the future completes with the event id once the broker
     * confirmed it, or fails with a {@link PublishException}; an event whose future failed must be treated as
     * not published (publish it again with the same id). Waits first when too many publishes are unconfirmed,
     * and the future completes on the connection's thread, as for {@link Tasks#createAsync}.
     *
     * @throws IllegalArgumentException when the params exceed the size limit
     */
    public CompletableFuture<String> publishAsync(Event event) {
        return engine.publishEventAsync(event);
    }

    /** Publishes an event with the given parameters. */
    public String publish(String event, Map<String, ?> params) {
        return publish(Event.of(event, params));
    }

    /** Creates tasks directly (the seed's {@code Task::create}). */
    public Tasks tasks() {
        return tasks;
    }

    /** A worker builder; the worker is closed with this instance. */
    public Worker.Builder worker() {
        WorkerBuilder builder = new WorkerBuilder(engine);
        return new TrackingWorkerBuilder(builder);
    }

    /** Starts a scheduler for the registry with default settings. */
    public Scheduler startScheduler(EventManager events) {
        return scheduler(events).start();
    }

    /** A scheduler builder; the scheduler is closed with this instance. */
    public Scheduler.Builder scheduler(EventManager events) {
        Scheduler.Builder builder = EventDispatcher.builder(engine, events);
        return new Scheduler.Builder() {
            @Override
            public Scheduler.Builder prefetch(int prefetch) {
                builder.prefetch(prefetch);
                return this;
            }

            @Override
            public Scheduler start() {
                return track(builder.start());
            }
        };
    }

    /** A custom consumer builder; the consumer is closed with this instance. */
    public CustomConsumer.Builder consumer() {
        CustomConsumer.Builder builder = QueueConsumer.builder(engine);
        return new CustomConsumer.Builder() {
            @Override
            public CustomConsumer.Builder exchange(String exchange, ExchangeType type) {
                builder.exchange(exchange, type);
                return this;
            }

            @Override
            public CustomConsumer.Builder queue(String queue, String... bindingKeys) {
                builder.queue(queue, bindingKeys);
                return this;
            }

            @Override
            public CustomConsumer.Builder concurrency(int concurrency) {
                builder.concurrency(concurrency);
                return this;
            }

            @Override
            public CustomConsumer.Builder queueType(QueueType type) {
                builder.queueType(type);
                return this;
            }

            @Override
            public CustomConsumer start(MessageHandler handler) {
                return track(builder.start(handler));
            }
        };
    }

    /** Lists, replays and purges dead letters. */
    public DeadLetters deadLetters() {
        if (deadLetters == null) {
            synchronized (this) {
                if (deadLetters == null) {
                    deadLetters = new DeadLetterStore(engine, admin());
                }
            }
        }
        return deadLetters;
    }

    /**
     * The workers online, heard through their heartbeats (one a second). The first call on an instance waits
     * about 1.5 s to hear every live worker; later calls answer at once.
     */
    public List<WorkerPresence> workers() {
        if (presenceMonitor == null) {
            synchronized (this) {
                if (presenceMonitor == null) {
                    presenceMonitor = new PresenceMonitor(engine, admin());
                }
            }
        }
        return presenceMonitor.workers();
    }

    /**
     * A snapshot of the queues of the given topics, the delayed tasks and the events, with the tasks running
     * on the workers online (see {@link #workers()}).
     */
    public Status status(Collection<String> topics) {
        List<WorkerPresence> workers = workers();
        List<TopicStatus> perTopic = new ArrayList<>();
        for (String topic : topics) {
            AMQP.Queue.DeclareOk queue = engine.topology().inspect(engine.names().taskQueue(Names.require("topic", topic)));
            AMQP.Queue.DeclareOk dead = engine.topology().inspect(engine.names().deadTopicQueue(topic));
            int inFlight = workers.stream().mapToInt(w -> w.inFlight().getOrDefault(topic, 0)).sum();
            perTopic.add(new TopicStatus(topic, queue == null ? 0 : queue.getMessageCount(), inFlight,
                    queue == null ? 0 : queue.getConsumerCount(), dead == null ? 0 : dead.getMessageCount(),
                    queue != null));
        }
        long delayed = 0;
        for (String queue : engine.dialect().delayQueues()) {
            AMQP.Queue.DeclareOk ok = engine.topology().inspect(queue);
            delayed += ok == null ? 0 : ok.getMessageCount();
        }
        AMQP.Queue.DeclareOk events = engine.topology().inspect(engine.names().schedulerQueue());
        AMQP.Queue.DeclareOk deadEvents = engine.topology().inspect(engine.names().deadEventsQueue());
        return new Status(perTopic, delayed, events == null ? 0 : events.getMessageCount(),
                deadEvents == null ? 0 : deadEvents.getMessageCount(), workers);
    }

    /**
     * Deletes every queue and exchange of this namespace for the given topics: task, dead-letter, scheduler,
     * delay ladder. Messages in them are lost; meant for tests and tearing down a namespace.
     */
    public void deleteTopology(Collection<String> topics) {
        var names = engine.names();
        List<String> queues = new ArrayList<>();
        List<String> exchanges = new ArrayList<>(List.of(names.eventsExchange(), names.tasksExchange(),
                names.presenceExchange()));
        for (String topic : topics) {
            queues.add(names.taskQueue(topic));
            queues.add(names.deadTopicQueue(topic));
        }
        queues.add(names.schedulerQueue());
        queues.add(names.deadEventsQueue());
        if (!engine.dialect().delayQueues().isEmpty()) {
            exchanges.add(names.delayDelivery());
            queues.addAll(engine.dialect().delayQueues());
            exchanges.addAll(engine.dialect().delayQueues()); // each ladder level has an exchange of its name
        }
        engine.topology().delete(queues, exchanges);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> all = new ArrayList<>(started);
        java.util.Collections.reverse(all);
        for (AutoCloseable component : all) {
            try {
                component.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(Ebats.class).warn("closing {} failed: {}", component, e.toString());
            }
        }
        if (presenceMonitor != null) {
            presenceMonitor.close();
        }
        Connection admin = adminConnection;
        if (admin != null && admin.isOpen()) {
            try {
                admin.close();
            } catch (IOException | RuntimeException ignored) {
                // gone already
            }
        }
        engine.close();
    }

    private Connection admin() {
        if (adminConnection == null) {
            adminConnection = engine.openConnection("admin");
        }
        return adminConnection;
    }

    private <T extends AutoCloseable> T track(T component) {
        if (closed) {
            try {
                component.close();
            } catch (Exception ignored) {
                // closing a component started after close
            }
            throw new IllegalStateException("this Ebats instance is closed");
        }
        started.add(component);
        return component;
    }

    private final class TrackingWorkerBuilder implements Worker.Builder {
        private final Worker.Builder delegate;

        TrackingWorkerBuilder(Worker.Builder delegate) {
            this.delegate = delegate;
        }

        @Override
        public Worker.Builder topic(String topic) {
            delegate.topic(topic);
            return this;
        }

        @Override
        public Worker.Builder concurrency(int concurrency) {
            delegate.concurrency(concurrency);
            return this;
        }

        @Override
        public Worker.Builder prefetch(int prefetch) {
            delegate.prefetch(prefetch);
            return this;
        }

        @Override
        public Worker.Builder handlerTimeout(java.time.Duration timeout) {
            delegate.handlerTimeout(timeout);
            return this;
        }

        @Override
        public Worker.Builder shutdownGrace(java.time.Duration grace) {
            delegate.shutdownGrace(grace);
            return this;
        }

        @Override
        public Worker.Builder retryPolicy(RetryPolicy policy) {
            delegate.retryPolicy(policy);
            return this;
        }

        @Override
        public Worker.Builder listener(AttemptListener listener) {
            delegate.listener(listener);
            return this;
        }

        @Override
        public Worker.Builder skipSucceeded(SucceededTasks record) {
            delegate.skipSucceeded(record);
            return this;
        }

        @Override
        public Worker.Builder handle(String task, TaskHandler<Map<String, Object>> handler) {
            delegate.handle(task, handler);
            return this;
        }

        @Override
        public <P> Worker.Builder handle(String task, Class<P> type, TaskHandler<P> handler) {
            delegate.handle(task, type, handler);
            return this;
        }

        @Override
        public Worker.Builder handlers(Object target) {
            delegate.handlers(target);
            return this;
        }

        @Override
        public Worker.Builder name(String name) {
            delegate.name(name);
            return this;
        }

        @Override
        public Worker start() {
            return track(delegate.start());
        }
    }
}
