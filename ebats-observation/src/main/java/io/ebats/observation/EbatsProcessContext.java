package io.ebats.observation;

import io.ebats.HandlerResult;
import io.ebats.Handling;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * The observation context of one handler run on a worker, or of one event's dispatch on a scheduler: a
 * {@link ReceiverContext} whose carrier is the message's headers, from which a propagating tracing handler reads the
 * producer's {@code traceparent}. The result is set when the run ended, before the observation stops.
 */
public final class EbatsProcessContext extends ReceiverContext<Handling> {

    private final Handling handling;
    private volatile HandlerResult result;

    public EbatsProcessContext(Handling handling) {
        super((carrier, key) -> carrier == null ? null : carrier.headers().get(key), Kind.CONSUMER);
        this.handling = handling;
        setCarrier(handling);
        setRemoteServiceName("rabbitmq");
    }

    /** The task or event that is run. */
    public Handling handling() {
        return handling;
    }

    /** How the run ended; null while it runs. */
    public HandlerResult result() {
        return result;
    }

    void result(HandlerResult value) {
        result = value;
    }
}
