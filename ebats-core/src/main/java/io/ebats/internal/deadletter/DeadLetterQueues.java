package io.ebats.internal.deadletter;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.ebats.PublishKind;
import io.ebats.DeadLetter;
import io.ebats.DeadLetterSource;
import io.ebats.DeadLetters;
import io.ebats.EbatsException;
import io.ebats.internal.Engine;
import io.ebats.internal.message.HeaderValues;
import io.ebats.internal.message.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Dead letters kept in the dead-letter queues. Reading takes messages without acknowledging them and closes
 * the channel at the end, which returns every message not replayed or purged to the queue.
 */
public final class DeadLetterQueues implements DeadLetters {

    private static final long RETURN_WAIT_NANOS = 2_000_000_000L;

    private final Engine engine;
    private final ReentrantLock scanning = new ReentrantLock();

    public DeadLetterQueues(Engine engine) {
        this.engine = engine;
    }

    @Override
    public List<DeadLetter> list(DeadLetterSource source, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        List<DeadLetter> found = new ArrayList<>();
        scan(source, limit, (letter, response, channel) -> {
            found.add(letter);
            return false;
        });
        return found;
    }

    @Override
    public long count(DeadLetterSource source) {
        AMQP.Queue.DeclareOk ok = engine.topology().inspect(queueOf(source));
        return ok == null ? 0 : ok.getMessageCount();
    }

    @Override
    public int replay(DeadLetterSource source, Predicate<DeadLetter> filter) {
        int[] replayed = {0};
        scan(source, Integer.MAX_VALUE, (letter, response, channel) -> {
            if (!filter.test(letter)) {
                return false;
            }
            AMQP.BasicProperties props = replayProperties(response.getProps());
            String target = sourceQueue(response.getProps().getHeaders());
            if (target == null) {
                throw new EbatsException("dead letter " + letter.id() + " has no " + Headers.SOURCE_QUEUE + " header");
            }
            engine.publisher().await(engine.publishToQueue(PublishKind.REPLAY, target, props, response.getBody()),
                    "replay of " + letter.id());
            channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
            replayed[0]++;
            return true;
        });
        return replayed[0];
    }

    @Override
    public int purge(DeadLetterSource source, Predicate<DeadLetter> filter) {
        int[] purged = {0};
        scan(source, Integer.MAX_VALUE, (letter, response, channel) -> {
            if (!filter.test(letter)) {
                return false;
            }
            channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
            purged[0]++;
            return true;
        });
        return purged[0];
    }

    /** Visits at most {@code limit} messages present at the start; unsettled ones return to the queue. */
    private void scan(DeadLetterSource source, int limit, Visitor visitor) {
        // One read at a time in this process: messages held by one read are invisible to another, so an action
        // running while a page lists the queue would miss them.
        scanning.lock();
        try {
            scanLocked(source, limit, visitor);
        } finally {
            scanning.unlock();
        }
    }

    private void scanLocked(DeadLetterSource source, int limit, Visitor visitor) {
        String queue = queueOf(source);
        AMQP.Queue.DeclareOk ok = engine.topology().inspect(queue);
        if (ok == null) {
            return;
        }
        long present = ok.getMessageCount();
        int returned = 0;
        int removed = 0;
        try {
            Channel channel = engine.adminConnection().createChannel();
            try {
                int seen = 0;
                while (seen < present && seen < limit) {
                    GetResponse response = channel.basicGet(queue, false);
                    if (response == null) {
                        break;
                    }
                    seen++;
                    if (visitor.visit(toDeadLetter(source, response), response, channel)) {
                        removed++;
                    } else {
                        returned++;
                    }
                }
            } finally {
                if (channel.isOpen()) {
                    channel.close();
                }
            }
        } catch (IOException | TimeoutException e) {
            throw new EbatsException("cannot read dead letters of " + source + ": " + e.getMessage(), e);
        }
        if (returned > 0) {
            awaitCounted(queue, present - removed);
        }
    }

    /**
     * The broker puts the messages of a closed channel back asynchronously (a quorum queue takes a few ms):
     * waits, briefly, until the queue counts as many as it held at the start less those removed, so that the
     * next call sees the returned ones. Dead letter queues have no consumers, so the count only grows otherwise.
     */
    private void awaitCounted(String queue, long expected) {
        long deadline = System.nanoTime() + RETURN_WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            AMQP.Queue.DeclareOk ok = engine.topology().inspect(queue);
            if (ok == null || ok.getMessageCount() >= expected) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String queueOf(DeadLetterSource source) {
        return switch (source.kind()) {
            case TOPIC -> engine.names().deadTopicQueue(source.name());
            case EVENTS -> engine.names().deadEventsQueue();
            case CONSUMER -> engine.names().deadConsumerQueue(source.name());
        };
    }

    static DeadLetter toDeadLetter(DeadLetterSource source, GetResponse response) {
        AMQP.BasicProperties props = response.getProps();
        Map<String, Object> headers = props.getHeaders();
        String name = props.getType() != null ? props.getType() : HeaderValues.string(headers, Headers.ROUTING_KEY);
        BrokerDeath broker = BrokerDeath.of(headers);
        long deadAt = HeaderValues.number(headers, Headers.DEAD_AT, broker == null ? 0 : broker.deadAt());
        String reason = HeaderValues.string(headers, Headers.DEAD_REASON);
        String errorMessage = HeaderValues.string(headers, Headers.ERROR_MESSAGE);
        if (reason == null && broker != null) {
            reason = broker.reason();
            errorMessage = broker.describe();
        }
        return new DeadLetter(props.getMessageId(), name, source, reason,
                HeaderValues.string(headers, Headers.ERROR_CLASS),
                errorMessage,
                HeaderValues.string(headers, Headers.ERROR_STACK),
                (int) HeaderValues.number(headers, Headers.ATTEMPTS, 0),
                Instant.ofEpochMilli(deadAt),
                new String(response.getBody(), StandardCharsets.UTF_8),
                HeaderValues.readable(headers));
    }

    /** The queue a dead letter came from: named by ebats when it dead-lettered it, or by the broker. */
    private static String sourceQueue(Map<String, Object> headers) {
        String queue = HeaderValues.string(headers, Headers.SOURCE_QUEUE);
        BrokerDeath broker = queue == null ? BrokerDeath.of(headers) : null;
        return broker != null ? broker.queue() : queue;
    }

    /** The original message again, as a first attempt, without the dead-letter headers. */
    private static AMQP.BasicProperties replayProperties(AMQP.BasicProperties dead) {
        Map<String, Object> headers = new HashMap<>(dead.getHeaders() == null ? Map.of() : dead.getHeaders());
        List.of(Headers.DEAD_REASON, Headers.DEAD_AT, Headers.ATTEMPTS, Headers.SOURCE_QUEUE, Headers.ERROR_CLASS,
                Headers.ERROR_MESSAGE, Headers.ERROR_STACK, Headers.DUE_AT).forEach(headers::remove);
        BrokerDeath broker = BrokerDeath.of(headers);
        if (broker != null && broker.routingKey() != null) {
            headers.putIfAbsent(Headers.ROUTING_KEY, broker.routingKey()); // the event name, the consumer's key
        }
        BrokerDeath.HEADERS.forEach(headers::remove);
        headers.put(Headers.ATTEMPT, 1);
        headers.put(Headers.REPLAYED_AT, System.currentTimeMillis());
        return dead.builder().headers(headers).build();
    }

    @FunctionalInterface
    private interface Visitor {
        /** @return true when the message was settled (replayed or purged) */
        boolean visit(DeadLetter letter, GetResponse response, Channel channel) throws IOException;
    }
}
