package io.ebats.observation;

import io.ebats.HandlerInterceptor;
import io.ebats.HandlerResult;
import io.ebats.HandlerScope;
import io.ebats.Handling;
import io.ebats.Interceptors;
import io.ebats.OutgoingMessage;
import io.ebats.PublishInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Observes ebats with Micrometer Observation: one observation per publish (an event, a task, a retry, a dead letter,
 * a replay) and one per handler run and per event dispatch, which an {@link ObservationRegistry} with Micrometer
 * Tracing's handlers turns into spans of one trace, from the {@code publish(event)} of business code through the
 * scheduler, each task, each retry, to the dead letter:
 *
 * <pre>{@code
 * ObservationRegistry registry = ...; // with PropagatingSenderTracingObservationHandler,
 *                                     // PropagatingReceiverTracingObservationHandler (tracer, W3C propagator)
 * Ebats ebats = Ebats.connect(config, EbatsObservation.create(registry).interceptors());
 * }</pre>
 *
 * <p>The trace context travels in the AMQP headers: the registry's propagating sender handler writes it
 * ({@code traceparent}, {@code tracestate} with the W3C propagator) into each message it publishes, and its receiver
 * handler reads it back before a handler runs, so that a trace continues across processes and from producers in
 * other languages that set {@code traceparent} themselves. A handler runs, and its task is settled, with the
 * process observation current, so that what the handler publishes, and the retry or dead letter, are its
 * children. An observation of a run whose outcome is retrying, failed, dead or requeued is given the error, which
 * a tracing handler marks as the span's status ERROR.
 *
 * <p>A message published with no current observation that already carries a trace context ({@code traceparent},
 * {@code b3}) keeps it and is not observed: a replay from the command line continues the dead letter's trace, a
 * task that came early and is published again its own. With a no-op registry nothing is observed.
 *
 * <p>Immutable and thread-safe; the interceptors are shared by every thread.
 */
public final class EbatsObservation {

    private final ObservationRegistry registry;
    private final EbatsPublishObservationConvention publishConvention;
    private final EbatsProcessObservationConvention processConvention;

    private EbatsObservation(ObservationRegistry registry, EbatsPublishObservationConvention publishConvention,
                             EbatsProcessObservationConvention processConvention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.publishConvention = publishConvention;
        this.processConvention = processConvention;
    }

    /** Observations into {@code registry} with the default conventions. */
    public static EbatsObservation create(ObservationRegistry registry) {
        return new EbatsObservation(registry, null, null);
    }

    /** The same with a convention of publishes of one's own in place of the default's. */
    public EbatsObservation withPublishConvention(EbatsPublishObservationConvention convention) {
        return new EbatsObservation(registry, Objects.requireNonNull(convention, "convention"), processConvention);
    }

    /** The same with a convention of handler runs and event dispatches of one's own in place of the default's. */
    public EbatsObservation withProcessConvention(EbatsProcessObservationConvention convention) {
        return new EbatsObservation(registry, publishConvention, Objects.requireNonNull(convention, "convention"));
    }

    /** Both interceptors, for {@code Ebats.connect(config, interceptors)}. */
    public Interceptors interceptors() {
        return Interceptors.builder().publish(publishInterceptor()).handler(handlerInterceptor()).build();
    }

    /** The interceptor of publishes: a producer observation around each, stopped on the broker's confirm. */
    public PublishInterceptor publishInterceptor() {
        return this::aroundPublish;
    }

    /** The interceptor of handler runs and event dispatches: a consumer observation around each. */
    public HandlerInterceptor handlerInterceptor() {
        return this::begin;
    }

    private CompletableFuture<Void> aroundPublish(OutgoingMessage message, PublishInterceptor.Publish publish) {
        if (registry.isNoop() || keepsItsTrace(message)) {
            return publish.send();
        }
        EbatsPublishContext context = new EbatsPublishContext(message);
        Observation observation = Observation.createNotStarted(publishConvention,
                DefaultEbatsPublishObservationConvention.INSTANCE, () -> context, registry).start();
        CompletableFuture<Void> confirmed;
        try {
            confirmed = publish.send();
        } catch (RuntimeException e) {
            observation.error(e);
            observation.stop();
            throw e;
        }
        return confirmed.whenComplete((ok, error) -> {
            if (error != null) {
                observation.error(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
            observation.stop();
        });
    }

    /**
     * A message published outside any observation that carries a trace context already (a replay from the command
     * line, a task that came early published again, the dead letter of a malformed message, a task given a
     * {@code traceparent} by its creator) keeps it, rather than start a trace of its own.
     */
    private boolean keepsItsTrace(OutgoingMessage message) {
        if (registry.getCurrentObservation() != null) {
            return false;
        }
        Map<String, String> headers = message.headers();
        return headers.containsKey("traceparent") || headers.containsKey("b3") || headers.containsKey("X-B3-TraceId");
    }

    private HandlerScope begin(Handling handling) {
        if (registry.isNoop()) {
            return HandlerScope.NONE;
        }
        EbatsProcessContext context = new EbatsProcessContext(handling);
        Observation observation = Observation.createNotStarted(processConvention,
                DefaultEbatsProcessObservationConvention.INSTANCE, () -> context, registry).start();
        return new ProcessScope(observation, context);
    }

    /** A process observation: current while the work runs, on whichever thread; stopped with the result. */
    private record ProcessScope(Observation observation, EbatsProcessContext context) implements HandlerScope {
        @Override
        public void run(Runnable work) {
            observation.scoped(work);
        }

        @Override
        public void end(HandlerResult result) {
            context.result(result);
            if (result.isError()) {
                observation.error(result.error() != null ? result.error() : new OutcomeError(context));
            }
            observation.stop();
        }
    }

    /** The error of a run that ended without an exception but not as a success (an event dead-lettered). */
    static final class OutcomeError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutcomeError(EbatsProcessContext context) {
            super(context.handling().kind().name().toLowerCase(Locale.ROOT) + " "
                    + context.handling().name() + " " + context.handling().id() + " ended "
                    + (context.result().outcome() == null ? "requeued" : context.result().outcome()),
                    null, false, false);
        }
    }
}
