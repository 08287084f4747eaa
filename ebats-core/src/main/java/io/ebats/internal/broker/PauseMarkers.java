package io.ebats.internal.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Map;

/**
 * The marker queues of paused topics, {@code {ns}.paused.{topic}}: a topic is paused while its marker holds at
 * least one message. The state is the message count of a declare-ok: of a plain declare ({@link #count}), which
 * creates a missing marker, where the marker must exist (a worker's start, a pause, a resume), and of a passive one
 * ({@link #read}) where it must not be created again once deleted (a running worker's watch). Both work alike on
 * RabbitMQ and the embedded broker. Thread-safe; each call uses the caller's channel.
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

    /**
     * Reads how many messages the marker of {@code topic} holds without declaring it: 0 when it does not exist, a
     * topic that is not paused.
     *
     * @throws IOException when the broker cannot be reached or refused the read otherwise; a missing marker, too,
     *                     closes the channel (404), so the caller opens another for its next call
     */
    public int read(Channel channel, String topic) throws IOException {
        try {
            return channel.queueDeclarePassive(queue(topic)).getMessageCount();
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException s && !s.isHardError()
                    && s.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == AMQP.NOT_FOUND) {
                return 0;
            }
            throw e;
        }
    }

    /** Empties the marker of {@code topic}; returns how many messages it held. */
    public int clear(Channel channel, String topic) throws IOException {
        count(channel, topic); // a purge of a missing queue would close the channel
        return channel.queuePurge(queue(topic)).getMessageCount();
    }
}
