package io.ebats.internal.scheduling;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.ebats.PublishKind;
import io.ebats.EbatsException;
import io.ebats.EventManager;
import io.ebats.HandlerResult;
import io.ebats.HandlerScope;
import io.ebats.Handling;
import io.ebats.Outcome;
import io.ebats.Registration;
import io.ebats.RetryPolicy;
import io.ebats.Scheduler;
import io.ebats.UniqueKeys;
import io.ebats.internal.Closeables;
import io.ebats.internal.Engine;
import io.ebats.internal.InFlight;
import io.ebats.internal.TimeOrderedIds;
import io.ebats.internal.broker.AckBatcher;
import io.ebats.internal.deadletter.DeadLetterMessage;
import io.ebats.internal.interception.Interception;
import io.ebats.internal.message.HeaderValues;
import io.ebats.internal.message.Headers;
import io.ebats.internal.message.Json;
import io.ebats.internal.message.TaskMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an event becomes tasks: consumes the scheduler queue, publishes one task per registration (through
 * the delay ladder when delayed), and acknowledges the event once every task is confirmed, several events with
 * one ack ({@link AckBatcher}). Events without a registration, or whose body is not a JSON object, go to the
 * events' dead-letter queue. The unique keys of registrations are claimed before the event's tasks are published
 * ({@link UniqueClaims}).
 */
public final class EventDispatcher implements Scheduler {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** A quarter of the prefetch is acked at once, with one {@code multiple} ack, so deliveries never wait on acks. */
    private static final int ACK_BATCH_DIVISOR = 4;
    private static final long MAX_ACK_HOLD_MILLIS = 10;

    private final Engine engine;
    private final EventManager events;
    private final Connection connection;
    private final Channel channel;
    private final ScheduledExecutorService settler;
    private final AckBatcher acks;
    private final UniqueClaims claims;
    private final InFlight inFlight = new InFlight();
    private final AtomicLong dispatched = new AtomicLong();
    private final AtomicLong unregistered = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String consumerTag;

    private EventDispatcher(Engine engine, EventManager events, int prefetch, UniqueKeys keys) {
        engine.components().requireOpen();
        UniqueClaims.requireKeys(events, keys);
        this.engine = engine;
        this.events = events;
        Duration longest = engine.dialect().maxDelay();
        for (Registration r : events.registrations()) {
            if (r.delay().compareTo(longest) > 0) {
                throw new IllegalArgumentException("delay of task " + r.task() + " under event " + r.event() + " is "
                        + r.delay() + ", longer than the broker's maximum delay of " + longest);
            }
        }
        engine.topology().ensureEvents();
        events.topics().forEach(engine.topology()::ensureTopic);
        this.claims = new UniqueClaims(keys, engine.config().publishTimeout());
        this.settler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ebats-scheduler-ack").daemon()
                .factory());
        this.connection = engine.openConnection("scheduler");
        try {
            this.channel = connection.createChannel();
            this.acks = new AckBatcher(channel, Math.max(1, prefetch / ACK_BATCH_DIVISOR), MAX_ACK_HOLD_MILLIS,
                    settler);
            channel.basicQos(prefetch);
            this.consumerTag = channel.basicConsume(engine.names().schedulerQueue(), false, "", new EventConsumer());
        } catch (IOException e) {
            close();
            throw new EbatsException("cannot start the scheduler: " + e.getMessage(), e);
        }
        try {
            engine.components().add(this);
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
        log.info("scheduler started on {} with {} registrations", engine.names().schedulerQueue(),
                events.registrations().size());
    }

    /** Starts a scheduler for the given registry. */
    public static Scheduler.Builder builder(Engine engine, EventManager events) {
        return new Scheduler.Builder() {
            private int prefetch = DEFAULT_PREFETCH;
            private UniqueKeys keys;

            @Override
            public Scheduler.Builder prefetch(int value) {
                if (value < 1 || value > 65_535) {
                    throw new IllegalArgumentException("prefetch must be between 1 and 65535, was " + value);
                }
                prefetch = value;
                return this;
            }

            @Override
            public Scheduler.Builder uniqueKeys(UniqueKeys value) {
                keys = Objects.requireNonNull(value, "keys");
                return this;
            }

            @Override
            public Scheduler start() {
                return new EventDispatcher(engine, events, prefetch, keys);
            }
        };
    }

    @Override
    public long dispatchedEvents() {
        return dispatched.get();
    }

    @Override
    public long unregisteredEvents() {
        return unregistered.get();
    }

    @Override
    public long skippedUniqueTasks() {
        return claims.skipped();
    }

    private void dispatch(long tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        String event = eventName(envelope, props);
        String eventId = props.getMessageId() != null && !props.getMessageId().isBlank() ? props.getMessageId()
                : TaskIds.forAnonymousEvent(event, props.getTimestamp() == null ? 0 : props.getTimestamp().getTime(),
                body);
        if (!engine.interception().handles()) {
            dispatch(tag, envelope, props, body, event, eventId, null);
            return;
        }
        HandlerScope scope = engine.interception().begin(new Handling(Handling.Kind.EVENT,
                engine.names().schedulerQueue(), event, eventId, null, 1, event, eventId,
                Interception.foreignStrings(props.getHeaders())));
        boolean[] ran = {false};
        try {
            scope.run(() -> {
                ran[0] = true;
                dispatch(tag, envelope, props, body, event, eventId, scope);
            });
        } catch (RuntimeException e) {
            log.warn("handler interceptor scope {} failed around event {} ({}): {}", scope, event, eventId,
                    e.toString());
        }
        if (!ran[0]) { // a broken interceptor must not leave the event unsettled
            dispatch(tag, envelope, props, body, event, eventId, HandlerScope.NONE);
        }
    }

    /** Publishes the event's tasks or its dead letter, and settles it once confirmed; ends {@code scope} then. */
    private void dispatch(long tag, Envelope envelope, AMQP.BasicProperties props, byte[] body, String event,
                          String eventId, HandlerScope scope) {
        List<Registration> registrations = events.tasksFor(event);
        CompletableFuture<Void> confirmed;
        boolean dead = true;
        try {
            if (body.length > engine.config().maxMessageBytes()) {
                confirmed = deadLetter(props, envelope, body, "malformed", "event body of " + body.length
                        + " bytes exceeds the limit of " + engine.config().maxMessageBytes() + " bytes");
            } else if (registrations.isEmpty()) {
                unregistered.incrementAndGet();
                log.warn("event {} ({}) has no registered task; kept in {}", event, eventId,
                        engine.names().deadEventsQueue());
                confirmed = deadLetter(props, envelope, body, "no-registration", "no task is registered for event " + event);
            } else {
                Json.requireObject(body);
                dead = false;
                confirmed = publishTasks(event, eventId, registrations, body, TaskMessage.foreignHeaders(props.getHeaders()));
            }
        } catch (IllegalArgumentException e) {
            dead = true;
            confirmed = deadLetter(props, envelope, body, "malformed", "event " + event + ": " + e.getMessage());
        } catch (RuntimeException e) {
            confirmed = CompletableFuture.failedFuture(e);
        }
        Outcome outcome = dead ? Outcome.DEAD : Outcome.SUCCEEDED;
        confirmed.whenComplete((ok, error) -> {
            if (scope != null) {
                Interception.end(scope, new HandlerResult(error == null ? outcome : null, error, false));
            }
            if (error == null) {
                settler.execute(() -> settle(tag, event, eventId, registrations, null));
            } else {
                // back off before returning the event, so a persistent failure does not spin
                settler.schedule(() -> settle(tag, event, eventId, registrations, error), 1, TimeUnit.SECONDS);
            }
        });
    }

    /**
     * Claims the event's unique keys, then publishes its tasks but those whose key another task holds; completes
     * once every task is confirmed and its key marked queued.
     */
    private CompletableFuture<Void> publishTasks(String event, String eventId, List<Registration> registrations,
                                                 byte[] body, Map<String, Object> carried) {
        int count = registrations.size();
        long eventMillis = TimeOrderedIds.epochMillis(eventId);
        String[] taskIds = new String[count];
        for (int i = 0; i < count; i++) {
            taskIds[i] = TaskIds.forEvent(eventId, eventMillis, registrations.get(i));
        }
        UniqueClaims.Claim[] won = claims.claim(event, registrations, taskIds, body);
        CompletableFuture<?>[] confirms = new CompletableFuture<?>[count];
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            Registration r = registrations.get(i);
            UniqueClaims.Claim claim = won[i];
            if (claim != null && !claim.won()) {
                confirms[i] = CompletableFuture.completedFuture(null);
                continue;
            }
            RetryPolicy policy = r.retryPolicy();
            TaskMessage task = new TaskMessage(taskIds[i], r.task(), r.topic(), 1, eventId, event, now, policy, body,
                    carried);
            CompletableFuture<Void> confirmed;
            try {
                confirmed = engine.publishTask(task, r.delay());
            } catch (RuntimeException e) {
                // the keys of this task and of those after it are freed; the confirms of those before settle theirs
                claims.abandonWon(Arrays.copyOfRange(won, i, count));
                throw e;
            }
            confirms[i] = claim == null ? confirmed : claims.afterPublish(claim, confirmed);
        }
        return CompletableFuture.allOf(confirms);
    }

    private CompletableFuture<Void> deadLetter(AMQP.BasicProperties props, Envelope envelope, byte[] body,
                                               String reason, String detail) {
        AMQP.BasicProperties dead = DeadLetterMessage.properties(props, reason, null, detail, 0,
                engine.names().schedulerQueue(), envelope.getRoutingKey());
        return engine.publishToQueue(PublishKind.DEAD_LETTER, engine.names().deadEventsQueue(), dead, body);
    }

    private void settle(long tag, String event, String eventId, List<Registration> registrations, Throwable error) {
        try {
            if (error == null) {
                if (acks.ack(tag) && !registrations.isEmpty()) {
                    dispatched.incrementAndGet();
                }
            } else {
                log.warn("event {} ({}) not dispatched, returned to the queue: {}", event, eventId, error.getMessage());
                acks.requeue(tag);
            }
        } catch (RuntimeException e) {
            log.warn("could not settle event {} ({}); the broker redelivers it: {}", event, eventId, e.toString());
        } finally {
            inFlight.leave();
        }
    }

    private static String eventName(Envelope envelope, AMQP.BasicProperties props) {
        String replayedKey = HeaderValues.string(props.getHeaders(), Headers.ROUTING_KEY);
        if (envelope.getExchange().isEmpty() && replayedKey != null) {
            return replayedKey;
        }
        return envelope.getRoutingKey();
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
        } catch (IOException | RuntimeException e) {
            log.debug("cancel failed: {}", e.toString());
        }
        inFlight.awaitNone(CLOSE_WAIT);
        if (claims != null) {
            claims.close(); // before the settler: its writes hand the events' settles to it
        }
        settler.shutdown();
        try {
            settler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (acks != null) {
            acks.flush();
        }
        Closeables.closeQuietly(connection, log, "the scheduler's connection");
        engine.components().remove(this);
        log.info("scheduler stopped: {} events dispatched, {} without registration", dispatched.get(),
                unregistered.get());
    }

    private final class EventConsumer extends DefaultConsumer {
        EventConsumer() {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            if (!acks.delivered(envelope.getDeliveryTag())) {
                return; // delivered before the channel recovered: the broker has taken it back
            }
            inFlight.enter();
            dispatch(envelope.getDeliveryTag(), envelope, props, body);
        }
    }
}
