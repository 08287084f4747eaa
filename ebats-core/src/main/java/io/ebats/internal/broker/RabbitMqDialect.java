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

/** RabbitMQ: quorum (or classic) queues; delays through the binary TTL ladder ({@link DelayLadder}). */
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
    public void declareDelayInfrastructure(Channel ch, QueueType queueType, QueueDeclarer queues) throws IOException {
        ch.exchangeDeclare(names.delayDelivery(), BuiltinExchangeType.TOPIC, true);
        for (int level = 0; level < ladder.levels(); level++) {
            String exchange = names.delayLevel(level);
            ch.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
            queues.declare(exchange, QueueArguments.delayLevel(queueType, 1L << level, ladder.below(level), names));
            ch.queueBind(exchange, exchange, ladder.bindingToQueue(level));
            ch.exchangeBind(ladder.below(level), exchange, ladder.bindingToNext(level));
        }
    }

    @Override
    public void bindDelayedTopic(Channel ch, String topic, String queue) throws IOException {
        ch.queueBind(queue, names.delayDelivery(), ladder.deliveryBinding(topic));
    }

    @Override
    public Duration maxDelay() {
        return ladder.maxDelay();
    }

    @Override
    public DelayedPublish delayed(String topic, Duration delay, AMQP.BasicProperties props) {
        return new DelayedPublish(ladder.entryExchange(delay), ladder.routingKey(delay, topic), props);
    }

    @Override
    public List<String> delayQueues() {
        List<String> queues = new ArrayList<>(ladder.levels());
        for (int level = 0; level < ladder.levels(); level++) {
            queues.add(names.delayLevel(level));
        }
        return queues;
    }
}
