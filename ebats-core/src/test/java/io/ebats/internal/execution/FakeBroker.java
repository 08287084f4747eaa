package io.ebats.internal.execution;

import com.rabbitmq.client.AMQP;
import io.ebats.PublishException;
import io.ebats.internal.message.Headers;
import io.ebats.internal.message.TaskMessage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The broker side of a {@link TaskRunner} in memory: it records what it was sent, in order, as lines such as
 * {@code "ack 1"}, {@code "requeue 1"}, {@code "task id-1 attempt 2"} and {@code "dead letter task-exception"};
 * it can refuse every publish and take deliveries back as the broker does on a consumer timeout. Thread-safe.
 */
final class FakeBroker implements DeliveryAcks, Republisher {

    static final String TASK_QUEUE = "ebats.tasks.orders";

    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<Duration> delays = new CopyOnWriteArrayList<>();
    final List<AMQP.BasicProperties> deadLetters = new CopyOnWriteArrayList<>();
    private final Set<Long> takenBack = ConcurrentHashMap.newKeySet();
    private volatile boolean refusing;

    /** Every publish from now on fails as a nack does. */
    void refusePublishes() {
        refusing = true;
    }

    /** The broker takes the delivery back: it is no longer the consumer's to settle. */
    void takeBack(long tag) {
        takenBack.add(tag);
    }

    @Override
    public boolean owns(long tag) {
        return !takenBack.contains(tag);
    }

    @Override
    public boolean ack(long tag) {
        if (!owns(tag)) {
            return false;
        }
        sent.add("ack " + tag);
        return true;
    }

    @Override
    public void requeue(long tag) {
        if (owns(tag)) {
            sent.add("requeue " + tag);
        }
    }

    @Override
    public void publishTask(TaskMessage task, Duration delay, String what) {
        refuseIfAsked(what);
        sent.add("task " + task.id() + " attempt " + task.attempt());
        delays.add(delay);
    }

    @Override
    public void publishDeadLetter(AMQP.BasicProperties props, byte[] body, String what) {
        refuseIfAsked(what);
        sent.add("dead letter " + props.getHeaders().get(Headers.DEAD_REASON));
        deadLetters.add(props);
    }

    private void refuseIfAsked(String what) {
        if (refusing) {
            throw new PublishException(what + " was refused by the broker (nack)");
        }
    }

    @Override
    public String taskQueue() {
        return TASK_QUEUE;
    }

    @Override
    public Duration longestDelay() {
        return Duration.ofDays(1);
    }
}
