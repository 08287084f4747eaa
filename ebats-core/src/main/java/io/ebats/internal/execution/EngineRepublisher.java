package io.ebats.internal.execution;

import com.rabbitmq.client.AMQP;
import io.ebats.PublishKind;
import io.ebats.internal.Engine;
import io.ebats.internal.message.TaskMessage;
import java.time.Duration;

/** A {@link Republisher} for one topic through the engine's confirming publisher. Thread-safe. */
final class EngineRepublisher implements Republisher {

    private final Engine engine;
    private final String taskQueue;
    private final String deadQueue;

    EngineRepublisher(Engine engine, String topic) {
        this.engine = engine;
        this.taskQueue = engine.names().taskQueue(topic);
        this.deadQueue = engine.names().deadTopicQueue(topic);
    }

    @Override
    public void publishTask(TaskMessage task, Duration delay, String what) {
        engine.publisher().await(engine.publishTask(task, delay, PublishKind.RETRY), what);
    }

    @Override
    public void publishDeadLetter(AMQP.BasicProperties props, byte[] body, String what) {
        engine.publisher().await(engine.publishToQueue(PublishKind.DEAD_LETTER, deadQueue, props, body), what);
    }

    @Override
    public String taskQueue() {
        return taskQueue;
    }

    @Override
    public Duration longestDelay() {
        return engine.dialect().maxDelay();
    }
}
