package io.ebats.internal.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.ebats.BrokerType;
import io.ebats.QueueType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Apache Qpid Broker-J: it refuses RabbitMQ's queue arguments and exchange-to-exchange bindings, but a queue
 * declared with {@code holdOnPublishEnabled} holds a message until the epoch millisecond in its
 * {@code x-qpid-not-valid-before} header, so delayed tasks go straight to their topic's queue.
 */
final class QpidDialect implements BrokerDialect {

    static final String NOT_VALID_BEFORE = "x-qpid-not-valid-before";
    /** Qpid holds a message for any time; one year keeps delays within what the ladder offers elsewhere. */
    private static final Duration MAX_DELAY = Duration.ofDays(400);

    private final TopologyNames names;

    QpidDialect(TopologyNames names) {
        this.names = names;
    }

    @Override
    public BrokerType type() {
        return BrokerType.QPID;
    }

    @Override
    public QueueSpec consumedQueue(QueueType queueType, String queue, String deadQueue) {
        return QueueSpec.unchanged(Map.of()); // Qpid limits deliveries only on a queue told to
    }

    @Override
    public QueueSpec taskQueue(QueueType queueType, String queue, String deadQueue) {
        return QueueSpec.unchanged(Map.of("holdOnPublishEnabled", true));
    }

    @Override
    public QueueSpec deadLetterQueue(QueueType queueType) {
        return QueueSpec.unchanged(Map.of());
    }

    @Override
    public QueueSpec schedulesQueue(QueueType queueType) {
        return QueueSpec.unchanged(Map.of());
    }

    @Override
    public boolean schedulesLockIsExclusive() {
        return true;
    }

    @Override
    public void declareDelayInfrastructure(Channel channel, QueueType queueType, QueueDeclarer queues) {
        // nothing: task queues hold delayed messages themselves
    }

    @Override
    public void bindDelayedTopic(Channel channel, String topic, String queue) {
        // nothing: delayed tasks are published to the tasks exchange like the others
    }

    @Override
    public Duration maxDelay() {
        return MAX_DELAY;
    }

    @Override
    public DelayedPublish delayed(String topic, Duration delay, AMQP.BasicProperties props) {
        if (delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("delay must be at most " + MAX_DELAY.toDays() + " days, was " + delay);
        }
        Map<String, Object> headers = new HashMap<>(props.getHeaders() == null ? Map.of() : props.getHeaders());
        headers.put(NOT_VALID_BEFORE, System.currentTimeMillis() + delay.toMillis());
        return new DelayedPublish(names.tasksExchange(), topic, props.builder().headers(headers).build());
    }

    @Override
    public List<String> delayQueues() {
        return List.of();
    }

    @Override
    public String delayLadderName() {
        return null;
    }

    @Override
    public String undeliverableQueue() {
        return null;
    }

    @Override
    public BrokerObjects sharedDelayObjects() {
        return BrokerObjects.NONE;
    }

    @Override
    public BrokerObjects legacyDelayObjects() {
        return BrokerObjects.NONE;
    }
}
