package io.ebats.internal.broker;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;

/**
 * The marker queues of paused topics, {@code {ns}.paused.{topic}}: a topic is paused while its marker holds at
 * least one message. The state is read with a plain (not passive) declare, whose declare-ok carries the count:
 * idempotent, it creates a missing marker instead of failing, and it works alike on RabbitMQ and the embedded
 * broker. Thread-safe; each call uses the caller's channel.
 */
public final class PauseMarkers {

    private final TopologyNames names;
    private final Map<String, Object> arguments;

    PauseMarkers(TopologyNames names, Map<String, Object> arguments) {
        this.names = names;
        this.arguments = Map.copyOf(arguments);
    }

    /** The marker queue of {@code topic}. */
    public String queue(String topic) {
        return names.pausedQueue(topic);
    }

    /**
     * Declares the marker of {@code topic} (as every ebats process does) and returns how many messages it holds:
     * more than 0 while the topic is paused.
     *
     * @throws IOException when the broker refused the declare (which closes the channel) or cannot be reached
     */
    public int count(Channel channel, String topic) throws IOException {
        return channel.queueDeclare(queue(topic), true, false, false, arguments).getMessageCount();
    }

    /** Empties the marker of {@code topic}; returns how many messages it held. */
    public int clear(Channel channel, String topic) throws IOException {
        count(channel, topic); // a purge of a missing queue would close the channel
        return channel.queuePurge(queue(topic)).getMessageCount();
    }
}
