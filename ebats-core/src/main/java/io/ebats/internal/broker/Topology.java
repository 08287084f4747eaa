package io.ebats.internal.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.ebats.DelayLadderStatus;
import io.ebats.EbatsConfig;
import io.ebats.EbatsException;
import io.ebats.Names;
import io.ebats.QueueType;
import io.ebats.Status;
import io.ebats.TopicStatus;
import io.ebats.WorkerPresence;
import io.ebats.internal.Closeables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares exchanges, queues and bindings, idempotently and once per process, so that nothing is ever
 * published into a missing queue: whoever needs a part first declares it.
 */
public final class Topology {

    private static final Logger log = LoggerFactory.getLogger(Topology.class);

    private final Connection connection;
    private final TopologyNames names;
    private final BrokerDialect dialect;
    private final QueueType queueType;
    private final UpgradeAdvice upgradeAdvice;
    private final boolean ownsDelayLadder;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private Channel channel;

    /**
     * The topology of {@code config}'s namespace on the broker behind {@code connection}, in the dialect of the
     * configured broker type (detected from the server when not configured).
     */
    public static Topology of(Connection connection, EbatsConfig config) {
        TopologyNames names = new TopologyNames(config.namespace());
        BrokerDialect dialect = BrokerDialects.of(config.brokerType(), connection, names,
                new DelayLadder(config.delayLadder(), config.delayLevels()));
        BrokerVersion version = BrokerVersion.of(connection.getServerProperties());
        log.debug("broker: {}, dialect {}", version, dialect.type());
        return new Topology(connection, names, dialect, config.queueType(),
                new UpgradeAdvice(config.broker().virtualHost(), version), names.isReserved(config.delayLadder()));
    }

    /**
     * @param ownsDelayLadder whether the delay ladder's name lies within the namespace: then it is the namespace's
     *                        own, and deleted with it; otherwise it is shared and stays
     */
    Topology(Connection connection, TopologyNames names, BrokerDialect dialect, QueueType queueType,
             UpgradeAdvice upgradeAdvice, boolean ownsDelayLadder) {
        this.connection = connection;
        this.names = names;
        this.dialect = dialect;
        this.queueType = queueType;
        this.upgradeAdvice = upgradeAdvice;
        this.ownsDelayLadder = ownsDelayLadder;
    }

    public TopologyNames names() {
        return names;
    }

    public BrokerDialect dialect() {
        return dialect;
    }

    /** The events exchange, the scheduler's queue bound to every event, and the events' dead-letter queue. */
    public void ensureEvents() {
        once("events", ch -> {
            ch.exchangeDeclare(names.eventsExchange(), BuiltinExchangeType.TOPIC, true);
            declareQueue(names.deadEventsQueue(), dialect.deadLetterQueue(queueType));
            declareQueue(names.schedulerQueue(),
                    dialect.consumedQueue(queueType, names.schedulerQueue(), names.deadEventsQueue()));
            ch.queueBind(names.schedulerQueue(), names.eventsExchange(), "#");
        });
    }

    /** A topic's task queue, bound to the tasks exchange and to delayed delivery, and its dead-letter queue. */
    public void ensureTopic(String topic) {
        ensureDelays();
        once("topic:" + topic, ch -> {
            ch.exchangeDeclare(names.tasksExchange(), BuiltinExchangeType.DIRECT, true);
            String queue = names.taskQueue(topic);
            declareQueue(names.deadTopicQueue(topic), dialect.deadLetterQueue(queueType));
            declareQueue(queue, dialect.taskQueue(queueType, queue, names.deadTopicQueue(topic)));
            ch.queueBind(queue, names.tasksExchange(), topic);
            dialect.bindDelayedTopic(ch, topic, queue);
        });
    }

    /**
     * The queue whose one active consumer fires the schedules and which holds their state, and the queue of
     * commands to it, never limited in deliveries since a handover gives its commands back.
     */
    public void ensureSchedules() {
        once("schedules", ch -> {
            declareQueue(names.schedulesQueue(), dialect.schedulesQueue(queueType));
            declareQueue(names.scheduleCommandsQueue(), dialect.deadLetterQueue(queueType)); // given back on a handover
        });
    }

    /**
     * The marker queues of paused topics, declared with the arguments of a queue no one consumes: never limited in
     * deliveries.
     */
    public PauseMarkers pauseMarkers() {
        return new PauseMarkers(names, dialect.deadLetterQueue(queueType).arguments());
    }

    /** The fanout exchange workers announce themselves on. */
    public void ensurePresence() {
        once("presence", ch -> ch.exchangeDeclare(names.presenceExchange(), BuiltinExchangeType.FANOUT, true));
    }

    public void ensureCancels() {
        once("cancel", ch -> ch.exchangeDeclare(names.cancelExchange(), BuiltinExchangeType.FANOUT, true));
    }

    /** The dead-letter queue of a custom consumer's queue. */
    public void ensureConsumerDeadQueue(String queue) {
        once("consumer-dead:" + queue,
                ch -> declareQueue(names.deadConsumerQueue(queue), dialect.deadLetterQueue(queueType)));
    }

    /**
     * What delayed delivery needs (on RabbitMQ: the levels of the shared delay ladder). Finds, too, the namespace's
     * own ladder of an older ebats: its tasks still reach their queues through it, and are counted as delayed.
     */
    public void ensureDelays() {
        once("delays", ch -> {
            long started = System.nanoTime();
            dialect.declareDelayInfrastructure(ch, queueType, this::declareQueue);
            log.debug("delayed delivery declared on {} in {} ms", dialect.type(),
                    (System.nanoTime() - started) / 1_000_000);
            findLegacyDelayLadder();
        });
    }

    private void findLegacyDelayLadder() {
        BrokerDialect.BrokerObjects legacy = dialect.legacyDelayObjects();
        if (legacy.queues().isEmpty() || inspect(legacy.queues().get(0)) == null) {
            return; // every ladder has a level 0
        }
        log.warn("namespace {} still has the delay ladder of an earlier ebats ({} delayed tasks in it): they reach "
                + "their queues through it as before, and new delayed tasks take the shared ladder {}; once it is "
                + "empty, delete it with `ebats topology delete --legacy-ladder` (docs/protocol.md, section 3.2)",
                names.namespace(), messagesIn(legacy), dialect.delayLadderName());
    }

    /** Declares a user's exchange and queue for a custom consumer. */
    public void ensureConsumerQueue(String exchange, String type, String queue, Iterable<String> keys,
                                    QueueType consumerQueueType) {
        ensureConsumerDeadQueue(queue);
        once("consumer:" + queue + "@" + exchange, ch -> {
            ch.exchangeDeclare(exchange, type, true);
            declareQueue(queue, dialect.consumedQueue(consumerQueueType, queue, names.deadConsumerQueue(queue)));
            for (String key : keys) {
                ch.queueBind(queue, exchange, key);
            }
        });
    }

    /** Passive declare: message and consumer counts, or null when the queue does not exist. */
    public AMQP.Queue.DeclareOk inspect(String queue) {
        try {
            Channel ch = connection.createChannel();
            try {
                return ch.queueDeclarePassive(queue);
            } finally {
                Closeables.closeQuietly(ch, log, "a channel");
            }
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException s && !s.isHardError()) {
                return null; // 404: the queue does not exist
            }
            throw new EbatsException("cannot inspect queue " + queue + ": " + e.getMessage(), e);
        }
    }

    /**
     * A snapshot of the queues of the given topics, the delayed tasks and the events, with the tasks running on
     * {@code workers}.
     */
    public Status status(Collection<String> topics, List<WorkerPresence> workers) {
        List<TopicStatus> perTopic = new ArrayList<>();
        for (String topic : topics) {
            AMQP.Queue.DeclareOk queue = inspect(names.taskQueue(Names.require("topic", topic)));
            int inFlight = workers.stream().mapToInt(w -> w.inFlight().getOrDefault(topic, 0)).sum();
            perTopic.add(new TopicStatus(topic, messages(queue), inFlight, queue == null ? 0 : queue.getConsumerCount(),
                    messages(inspect(names.deadTopicQueue(topic))), queue != null,
                    messages(inspect(names.pausedQueue(topic))) > 0));
        }
        DelayLadderStatus ladder = delayLadderStatus();
        return new Status(perTopic, ladder.delayed() + Math.max(0, ladder.legacyDelayed()),
                messages(inspect(names.schedulerQueue())), messages(inspect(names.deadEventsQueue())), ladder,
                workers);
    }

    /** The counts of the delay ladder and of the namespace's own ladder of an older ebats. */
    public DelayLadderStatus delayLadderStatus() {
        long delayed = 0;
        for (String queue : dialect.delayQueues()) {
            delayed += messages(inspect(queue));
        }
        String undeliverable = dialect.undeliverableQueue();
        BrokerDialect.BrokerObjects legacy = dialect.legacyDelayObjects();
        boolean hasLegacy = !legacy.queues().isEmpty() && inspect(legacy.queues().get(0)) != null;
        return new DelayLadderStatus(dialect.delayLadderName(), ownsDelayLadder, delayed,
                undeliverable == null ? 0 : messages(inspect(undeliverable)), hasLegacy ? messagesIn(legacy) : -1);
    }

    /** Messages in the queues of {@code objects} that exist. */
    private long messagesIn(BrokerDialect.BrokerObjects objects) {
        long messages = 0;
        for (String queue : objects.queues()) {
            messages += messages(inspect(queue));
        }
        return messages;
    }

    private static int messages(AMQP.Queue.DeclareOk queue) {
        return queue == null ? 0 : queue.getMessageCount();
    }

    /**
     * Deletes every queue and exchange of the namespace for the given topics (task, dead-letter, pause marker,
     * scheduler, presence, cancel), the namespace's own delay ladder of an older ebats, and the delay ladder if it
     * lies within the namespace; a shared ladder stays. Messages in them are lost.
     */
    public void deleteNamespace(Collection<String> topics) {
        List<String> queues = new ArrayList<>();
        List<String> exchanges = new ArrayList<>(List.of(names.eventsExchange(), names.tasksExchange(),
                names.presenceExchange(), names.cancelExchange()));
        for (String topic : topics) {
            queues.add(names.taskQueue(topic));
            queues.add(names.deadTopicQueue(topic));
            queues.add(names.pausedQueue(topic));
        }
        queues.add(names.schedulerQueue());
        queues.add(names.schedulesQueue());
        queues.add(names.scheduleCommandsQueue());
        queues.add(names.deadEventsQueue());
        delete(queues, exchanges);
        BrokerDialect.BrokerObjects legacy = dialect.legacyDelayObjects();
        if (!legacy.queues().isEmpty() && inspect(legacy.queues().get(0)) != null) {
            delete(legacy);
        }
        if (ownsDelayLadder) {
            delete(dialect.sharedDelayObjects());
        }
    }

    /** Deletes the namespace's own delay ladder of an older ebats. Messages in it are lost. */
    public void deleteLegacyDelayLadder() {
        delete(dialect.legacyDelayObjects());
    }

    /** Deletes the delay ladder, also when shared: every level, the exit and the undeliverable queue. */
    public void deleteDelayLadder() {
        delete(dialect.sharedDelayObjects());
    }

    private void delete(BrokerDialect.BrokerObjects objects) {
        delete(objects.queues(), objects.exchanges());
    }

    /** Deletes queues and exchanges by name; missing ones are ignored. For tests and tooling. */
    public void delete(Iterable<String> queues, Iterable<String> exchanges) {
        Channel[] ch = {null}; // one channel for all, opened again after an error closed it
        try {
            for (String queue : queues) {
                ch[0] = deleteOn(ch[0], c -> c.queueDelete(queue));
            }
            for (String exchange : exchanges) {
                ch[0] = deleteOn(ch[0], c -> c.exchangeDelete(exchange));
            }
        } finally {
            if (ch[0] != null) {
                Closeables.closeQuietly(ch[0], log, "a channel");
            }
            declared.clear();
        }
    }

    /** Forgets what was declared, so the next use declares again. */
    public void forget() {
        declared.clear();
    }

    /**
     * Forgets a topic's queues (or the events' with {@code null}) after a failed publish: if someone deleted
     * them behind this process's back, the next publish declares them again instead of failing for good.
     */
    public void forgetAfterFailure(String topic) {
        declared.remove(topic == null ? "events" : "topic:" + topic);
    }

    private void once(String key, Declaration declaration) {
        if (declared.contains(key)) {
            return;
        }
        synchronized (this) {
            if (declared.contains(key)) {
                return;
            }
            try {
                declaration.run(channel());
                declared.add(key);
            } catch (IOException e) {
                throw new EbatsException("cannot declare " + key + ": " + reason(e)
                        + " (a queue or exchange of that name may exist with other arguments or type)", e);
            } catch (ShutdownSignalException e) {
                throw new EbatsException("cannot declare " + key + ": the connection to the broker is down ("
                        + e.getMessage() + ")", e);
            }
        }
    }

    /**
     * Declares a durable queue on a channel of its own, which a refusal closes. A queue that an older ebats
     * declared with other arguments is taken in that earlier form, with advice on the policy it lacks; any other
     * refusal stands.
     */
    private void declareQueue(String queue, QueueSpec spec) throws IOException {
        try {
            declareOnItsOwnChannel(queue, spec.arguments());
        } catch (IOException e) {
            if (spec.earlier() == null || !refusedAsInequivalent(e)) {
                throw e;
            }
            declareOnItsOwnChannel(queue, spec.earlier()); // throws when the queue differs in something else
            upgradeAdvice.queueOfEarlierForm(queue, spec.policy());
        }
    }

    private void declareOnItsOwnChannel(String queue, Map<String, Object> arguments) throws IOException {
        Channel ch = connection.createChannel();
        try {
            ch.queueDeclare(queue, true, false, false, arguments);
        } finally {
            Closeables.closeQuietly(ch, log, "a channel");
        }
    }

    /** RabbitMQ's 406 PRECONDITION_FAILED: the queue exists with other arguments. */
    private static boolean refusedAsInequivalent(IOException e) {
        return e.getCause() instanceof ShutdownSignalException s && !s.isHardError()
                && s.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == 406;
    }

    private Channel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = connection.createChannel();
        }
        return channel;
    }

    /** Runs a delete on {@code ch} (or a new channel when it is null or closed); returns the channel to go on with. */
    private Channel deleteOn(Channel ch, Declaration delete) {
        try {
            Channel open = ch != null && ch.isOpen() ? ch : connection.createChannel();
            delete.run(open);
            return open;
        } catch (IOException e) {
            log.debug("ignored while deleting: {}", e.toString());
            return null;
        }
    }

    static String reason(IOException e) {
        if (e.getCause() instanceof ShutdownSignalException s) {
            return s.getReason() instanceof AMQP.Channel.Close close
                    ? close.getReplyText() : s.getMessage();
        }
        return e.getMessage();
    }

    @FunctionalInterface
    private interface Declaration {
        void run(Channel channel) throws IOException;
    }
}
