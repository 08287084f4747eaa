package io.ebats.internal.cancellation;

import com.rabbitmq.client.AMQP;
import io.ebats.internal.Engine;
import java.nio.charset.StandardCharsets;

/**
 * The message that tells every worker of a namespace that a task is cancelled: on the fanout exchange
 * {@code {ns}.cancel}, type {@code cancel}, the task id as message id and as the UTF-8 body (docs/protocol.md,
 * section 12). Transient: it is a notice, the store holds the cancel.
 */
public final class CancelBroadcast {

    /** The message type of a cancel. */
    static final String TYPE = "cancel";

    private CancelBroadcast() {
    }

    /**
     * Sends the notice and waits for the broker's confirm.
     *
     * @throws io.ebats.PublishException when the broker did not confirm it
     */
    public static void send(Engine engine, String taskId) {
        engine.topology().ensureCancels();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("text/plain")
                .deliveryMode(1)
                .type(TYPE)
                .messageId(taskId)
                .build();
        engine.publisher().await(engine.publisher().publishAsync(engine.names().cancelExchange(), "", props,
                taskId.getBytes(StandardCharsets.UTF_8), false), "the cancel of task " + taskId);
    }

    /** The task id a notice names, or null when it is no cancel. */
    static String taskId(AMQP.BasicProperties props, byte[] body) {
        if (!TYPE.equals(props.getType())) {
            return null;
        }
        String id = props.getMessageId();
        if (id == null || id.isBlank()) {
            id = new String(body, StandardCharsets.UTF_8);
        }
        return id.isBlank() ? null : id;
    }
}
