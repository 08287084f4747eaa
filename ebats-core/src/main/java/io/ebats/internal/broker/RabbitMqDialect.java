package io.ebats.internal.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import io.ebats.BrokerType;
import io.ebats.QueueType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** RabbitMQ: quorum (or classic) queues; delays through the shared binary TTL ladder ({@link DelayLadder}). */
final class RabbitMqDialect implements BrokerDialect {

    private final TopologyNames names;
    private final DelayLadder ladder;

    RabbitMqDialect(TopologyNames names, DelayLadder ladder) {
        this.names = names;
        this.ladder = ladder;
    }

    @Override
    public BrokerType type() {
        return BrokerType.RABBITMQ;
    }

    @Override
    public QueueSpec consumedQueue(QueueType queueType, String queue, String deadQueue) {
        return QueueArguments.consumed(queueType, queue, deadQueue);
    }

    @Override
    public QueueSpec taskQueue(QueueType queueType, String queue, String deadQueue) {
        return QueueArguments.consumed(queueType, queue, deadQueue);
    }

    @Override
    public QueueSpec deadLetterQueue(QueueType queueType) {
        return QueueArguments.deadLetters(queueType, names);
    }

    @Override
    public QueueSpec schedulesQueue(QueueType queueType) {
        return QueueArguments.schedules(queueType);
    }

    /** RabbitMQ 3.10's quorum queues accept a second exclusive consumer: the lock is the single active one. */
    @Override
    public boolean schedulesLockIsExclusive() {
        return false;
    }

    /**
     * The undeliverable queue and its fanout exchange first, then the exit (whose alternate exchange that is),
     * then the levels from the bottom up, so that no level ever dead-letters into a missing exchange.
     */
    @Override
    public void declareDelayInfrastructure(Channel ch, QueueType queueType, QueueDeclarer queues) throws IOException {
        ch.exchangeDeclare(ladder.undeliverable(), BuiltinExchangeType.FANOUT, true);
        queues.declare(ladder.undeliverable(), QueueArguments.ladderUndeliverable(queueType));
        ch.queueBind(ladder.undeliverable(), ladder.undeliverable(), "");
        ch.exchangeDeclare(ladder.exit(), BuiltinExchangeType.TOPIC, true, false,
                Map.of("alternate-exchange", ladder.undeliverable()));
        for (int level = 0; level < ladder.levels(); level++) {
            String exchange = ladder.level(level);
            ch.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
            queues.declare(exchange, QueueArguments.ladderLevel(queueType, 1L << level, ladder.below(level)));
            ch.queueBind(exchange, exchange, ladder.bindingToQueue(level));
            ch.exchangeBind(ladder.below(level), exchange, ladder.bindingToNext(level));
        }
    }

    @Override
    public void bindDelayedTopic(Channel ch, String topic, String queue) throws IOException {
        ch.queueBind(queue, ladder.exit(), ladder.exitBinding(queue));
    }

    @Override
    public Duration maxDelay() {
        return ladder.maxDelay();
    }

    @Override
    public DelayedPublish delayed(String topic, Duration delay, AMQP.BasicProperties props) {
        return new DelayedPublish(ladder.entryExchange(delay), ladder.routingKey(delay, names.taskQueue(topic)),
                props);
    }

    @Override
    public List<String> delayQueues() {
        List<String> queues = new ArrayList<>(ladder.levels());
        for (int level = 0; level < ladder.levels(); level++) {
            queues.add(ladder.level(level));
        }
        return queues;
    }

    @Override
    public String delayLadderName() {
        return ladder.name();
    }

    @Override
    public String undeliverableQueue() {
        return ladder.undeliverable();
    }

    @Override
    public BrokerObjects sharedDelayObjects() {
        List<String> levels = new ArrayList<>(DelayLadder.DIGITS);
        for (int level = 0; level < DelayLadder.DIGITS; level++) {
            levels.add(ladder.level(level));
        }
        List<String> queues = new ArrayList<>(levels);
        queues.add(ladder.undeliverable());
        List<String> exchanges = new ArrayList<>(levels);
        exchanges.add(ladder.exit());
        exchanges.add(ladder.undeliverable());
        return new BrokerObjects("delay ladder " + ladder.name(), queues, exchanges);
    }

    @Override
    public BrokerObjects legacyDelayObjects() {
        List<String> levels = new ArrayList<>(DelayLadder.DIGITS);
        for (int level = 0; level < DelayLadder.DIGITS; level++) {
            levels.add(names.legacyDelayLevel(level));
        }
        List<String> exchanges = new ArrayList<>(levels);
        exchanges.add(names.legacyDelayDelivery());
        return new BrokerObjects("namespace " + names.namespace() + "'s own delay ladder", levels, exchanges);
    }
}
