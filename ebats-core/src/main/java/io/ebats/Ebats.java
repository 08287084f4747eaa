package io.ebats;

import io.ebats.internal.Engine;
import io.ebats.internal.PendingKeys;
import io.ebats.internal.consumer.QueueConsumer;
import io.ebats.internal.deadletter.DeadLetterQueues;
import io.ebats.internal.execution.OnlineWorkers;
import io.ebats.internal.execution.WorkerBuilder;
import io.ebats.internal.pause.TopicPauses;
import io.ebats.internal.scheduling.EventDispatcher;
import io.ebats.internal.scheduling.ScheduleCommands;
import io.ebats.internal.scheduling.ScheduleFirer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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
 * <p>Thread-safe: share one instance per process. Each worker, scheduler and consumer started from it is
 * closed with it unless closed before; {@link #close()} is idempotent.
 */
public final class Ebats implements AutoCloseable {

    private final Engine engine;
    private final Tasks tasks;
    private final DeadLetters deadLetters;
    private final TopicControl topics;
    private volatile OnlineWorkers onlineWorkers;

    private Ebats(EbatsConfig config, String name, Interceptors interceptors) {
        this.engine = new Engine(config, name, interceptors);
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
        this.deadLetters = new DeadLetterQueues(engine);
        this.topics = new TopicPauses(engine);
    }

    /**
     * Connects with the given settings.
     *
     * @throws EbatsException when the broker cannot be reached within the connection timeout
     */
    public static Ebats connect(EbatsConfig config) {
        return connect(config, Interceptors.NONE);
    }

    /**
     * Connects with the given settings; every publish and handler run of this instance, and of the workers,
     * schedulers and consumers started from it, passes {@code interceptors} (tracing, say).
     *
     * @throws EbatsException when the broker cannot be reached within the connection timeout
     */
    public static Ebats connect(EbatsConfig config, Interceptors interceptors) {
        return new Ebats(config, "ebats-" + UUID.randomUUID().toString().substring(0, 8),
                Objects.requireNonNull(interceptors, "interceptors"));
    }

    /** Connects to a broker URI with default settings otherwise. */
    public static Ebats connect(String brokerUri) {
        return connect(EbatsConfig.builder().broker(BrokerSettings.uri(brokerUri)).build());
    }

    public EbatsConfig config() {
        return engine.config();
    }

    /** The kind of broker connected to: configured, or detected from its server properties. */
    public BrokerType brokerType() {
        return engine.dialect().type();
    }

    /**
     * Whether this instance's publishing connection is open now, without a round trip to the broker: false once
     * closed, and while the connection recovers from a drop. For health checks.
     */
    public boolean isConnected() {
        return engine.isConnected();
    }

    /** The broker's product and version as it announced them when connecting, such as {@code RabbitMQ 3.10.8}. */
    public String brokerVersion() {
        return engine.brokerVersion();
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

    /** Creates tasks directly, without an event. */
    public Tasks tasks() {
        return tasks;
    }

    /**
     * Creates tasks with unique keys held in {@code keys}: the history store, which the workers of the tasks' topics
     * record to (it releases a key when its task ends). See {@link UniqueTasks}.
     */
    public UniqueTasks uniqueTasks(UniqueKeys keys) {
        return uniqueTasks(keys, PendingKeys.timeout(engine.config().publishTimeout()));
    }

    /**
     * As {@link #uniqueTasks(UniqueKeys)}, with the pending timeout of its claims: how long a key claimed by a
     * creator whose task the broker has not confirmed yet is held before another create takes it over (its creator
     * died between the claim and the publish). The default is the publish timeout plus 1 minute; a shorter one frees
     * such keys sooner, but must cover the publish timeout, the time between a claim and its publish, and how far
     * the clocks of the creators' machines differ, or a slow creator's key is taken over and its task created twice.
     *
     * @throws IllegalArgumentException when {@code pendingTimeout} is not longer than the publish timeout
     */
    public UniqueTasks uniqueTasks(UniqueKeys keys, Duration pendingTimeout) {
        return new UniqueCreator(tasks, keys, engine.config().publishTimeout(), pendingTimeout);
    }

    /**
     * Cancels tasks, holding the cancels in {@code store}: the history store, which the workers of the tasks' topics
     * are given as {@link Worker.Builder#cancellations}. See {@link Cancellations}.
     *
     * @throws NullPointerException when {@code store} is null: cancels need a store to last
     */
    public Cancellations cancellations(CancelledTasks store) {
        return new TaskCanceller(engine, store);
    }

    /** A worker builder; the worker is closed with this instance. */
    public Worker.Builder worker() {
        return new WorkerBuilder(engine);
    }

    /** Starts a scheduler for the registry with default settings. */
    public Scheduler startScheduler(EventManager events) {
        return scheduler(events).start();
    }

    /**
     * Starts firing {@code schedules} whenever this process is the one of the namespace that fires them (see
     * {@link ScheduleRunner}); closed with this instance.
     *
     * @throws IllegalArgumentException when two schedules have the same name
     */
    public ScheduleRunner startSchedules(Collection<Schedule> schedules) {
        return startSchedules(schedules, ScheduleListener.NONE);
    }

    /**
     * As {@link #startSchedules(Collection)}, telling {@code listener} of each fire this process makes (metrics).
     *
     * @throws IllegalArgumentException when two schedules have the same name
     */
    public ScheduleRunner startSchedules(Collection<Schedule> schedules, ScheduleListener listener) {
        return startSchedules(schedules, listener, null);
    }

    /**
     * As {@link #startSchedules(Collection, ScheduleListener)}, asking {@code settled} (the history store, which the
     * workers of the fired topics record to) whether the previous fire's task settled, for schedules with
     * {@link Schedule.Overlap#SKIP}.
     *
     * @param settled may be null when no schedule has overlap skip
     * @throws IllegalArgumentException when two schedules have the same name, or one has overlap skip and
     *                                  {@code settled} is null
     */
    public ScheduleRunner startSchedules(Collection<Schedule> schedules, ScheduleListener listener,
                                         SettledTasks settled) {
        return ScheduleFirer.start(engine, List.copyOf(schedules), listener, settled);
    }

    /** Pauses, resumes, triggers and lists the namespace's schedules, wherever they are fired. */
    public ScheduleControl schedules() {
        return new ScheduleCommands(engine);
    }

    /** Pauses and resumes topics, for every worker of the namespace wherever it runs. */
    public TopicControl topics() {
        return topics;
    }

    /** A scheduler builder; the scheduler is closed with this instance. */
    public Scheduler.Builder scheduler(EventManager events) {
        return EventDispatcher.builder(engine, events);
    }

    /** A custom consumer builder; the consumer is closed with this instance. */
    public CustomConsumer.Builder consumer() {
        return QueueConsumer.builder(engine);
    }

    /** Lists, replays and purges dead letters. */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /**
     * The workers online, heard through their heartbeats (one a second). The first call on an instance waits
     * about 1.5 s to hear every live worker; later calls answer at once.
     */
    public List<WorkerPresence> workers() {
        OnlineWorkers monitor = onlineWorkers;
        if (monitor == null) {
            synchronized (this) {
                if (onlineWorkers == null) {
                    onlineWorkers = new OnlineWorkers(engine);
                }
                monitor = onlineWorkers;
            }
        }
        return monitor.workers();
    }

    /**
     * A snapshot of the queues of the given topics, the delayed tasks and the events, with the tasks running
     * on the workers online (see {@link #workers()}).
     */
    public Status status(Collection<String> topics) {
        return engine.topology().status(topics, workers());
    }

    /**
     * Deletes every queue and exchange of this namespace for the given topics: task, dead-letter, scheduler, the
     * namespace's own delay ladder of an earlier ebats, and the delay ladder when its name lies within the
     * namespace (a shared ladder stays: {@link #deleteDelayLadder()}). Messages in them are lost; meant for tests
     * and tearing down a namespace.
     */
    public void deleteTopology(Collection<String> topics) {
        engine.topology().deleteNamespace(topics);
    }

    /**
     * Deletes the namespace's own delay ladder that an earlier ebats declared ({@code NS.delay.LL}), once it is
     * empty (see {@link DelayLadderStatus#legacyDelayed()}); the tasks in it are lost.
     */
    public void deleteLegacyDelayLadder() {
        engine.topology().deleteLegacyDelayLadder();
    }

    /**
     * Deletes the delay ladder this instance names, even when other namespaces share it: they declare it again
     * when they next start, but the delayed tasks in it (of every namespace) are lost.
     */
    public void deleteDelayLadder() {
        engine.topology().deleteDelayLadder();
    }

    /**
     * Closes the workers, schedulers and consumers started from this instance that are still open, newest first
     * and each gracefully, then the connections. Idempotent, also when called from several threads at once.
     */
    @Override
    public void close() {
        engine.close();
    }
}
