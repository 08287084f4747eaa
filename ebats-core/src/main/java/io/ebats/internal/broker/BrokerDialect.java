package io.ebats.internal.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.ebats.BrokerType;
import io.ebats.QueueType;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * What differs between brokers, and nothing else: the arguments queues are declared with, and how a task is
 * delayed. The rest of the engine speaks plain AMQP 0-9-1 and does not know which broker it is on.
 */
public interface BrokerDialect {

    BrokerType type();

    /**
     * How to declare a queue that consumers read apart from task queues (the scheduler's, a custom consumer's),
     * whose messages the broker dead-letters to {@code deadQueue} should it stop delivering them.
     */
    QueueSpec consumedQueue(QueueType queueType, String queue, String deadQueue);

    /** How to declare a topic's task queue, whose dead-letter queue is {@code deadQueue}. */
    QueueSpec taskQueue(QueueType queueType, String queue, String deadQueue);

    /** How to declare a dead-letter queue. */
    QueueSpec deadLetterQueue(QueueType queueType);

    /** How to declare the queue that holds the schedules' state and decides who fires them. */
    QueueSpec schedulesQueue(QueueType queueType);

    /**
     * Whether the schedules' lock is an exclusive consumer (a broker without single active consumers, or whose
     * quorum queues do not enforce exclusive ones) rather than the queue's single active consumer.
     */
    boolean schedulesLockIsExclusive();

    /** Declares, once, whatever delayed delivery needs beyond task queues; its queues through {@code queues}. */
    void declareDelayInfrastructure(Channel channel, QueueType queueType, QueueDeclarer queues) throws IOException;

    /** Declares a queue as {@link Topology} does: of the earlier form, if an older ebats declared it so. */
    @FunctionalInterface
    interface QueueDeclarer {
        void declare(String queue, QueueSpec spec) throws IOException;
    }

    /** Connects a topic's task queue to delayed delivery. */
    void bindDelayedTopic(Channel channel, String topic, String queue) throws IOException;

    /** The longest delay this broker can hold a task for. */
    Duration maxDelay();

    /** Where and how to publish a message for {@code topic} that is due after {@code delay} (positive). */
    DelayedPublish delayed(String topic, Duration delay, AMQP.BasicProperties props);

    /** Queues that hold delayed tasks apart from task queues (to count them); may be empty. */
    List<String> delayQueues();

    /** The delay ladder's name; null where delayed tasks wait in their own queues. */
    String delayLadderName();

    /** The queue that keeps delayed tasks whose own queue was deleted while they waited; null where none. */
    String undeliverableQueue();

    /** Every object of the shared delayed delivery, whatever levels were declared, to delete it; may be none. */
    BrokerObjects sharedDelayObjects();

    /** Every object of the namespace's own delay ladder that ebats before the shared ladder declared; may be none. */
    BrokerObjects legacyDelayObjects();

    /**
     * Queues and exchanges by name.
     *
     * @param name      what they are together, for messages
     * @param queues    queue names
     * @param exchanges exchange names
     */
    record BrokerObjects(String name, List<String> queues, List<String> exchanges) {

        static final BrokerObjects NONE = new BrokerObjects("nothing", List.of(), List.of());

        public BrokerObjects {
            queues = List.copyOf(queues);
            exchanges = List.copyOf(exchanges);
        }
    }

    /**
     * A publish for later delivery.
     *
     * @param exchange   where to publish
     * @param routingKey with which key
     * @param properties with which properties
     */
    record DelayedPublish(String exchange, String routingKey, AMQP.BasicProperties properties) {
    }
}
