package io.ebats.observation;

import io.ebats.OutgoingMessage;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * The observation context of one publish: a {@link SenderContext} whose carrier is the message, so that a
 * propagating tracing handler writes {@code traceparent} (and {@code tracestate}, baggage, ...) into its AMQP
 * headers. Used by the publishing thread and then by the thread that completes the broker's confirm.
 */
public final class EbatsPublishContext extends SenderContext<OutgoingMessage> {

    private final OutgoingMessage message;

    public EbatsPublishContext(OutgoingMessage message) {
        super((carrier, key, value) -> {
            if (carrier != null) {
                carrier.header(key, value);
            }
        }, Kind.PRODUCER);
        this.message = message;
        setCarrier(message);
        setRemoteServiceName("rabbitmq");
    }

    /** What is published, and where. */
    public OutgoingMessage message() {
        return message;
    }
}
