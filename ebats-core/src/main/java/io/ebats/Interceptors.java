package io.ebats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The interceptors of an {@link Ebats} instance, given to {@link Ebats#connect(EbatsConfig, Interceptors)}: every
 * publish of the instance and of the workers, schedulers and consumers started from it passes its
 * {@link PublishInterceptor}s, every handler run and event dispatch its {@link HandlerInterceptor}s. The first one
 * added is the outermost. With none (the default, {@link #NONE}) nothing is allocated for them per message.
 *
 * <pre>{@code
 * Ebats ebats = Ebats.connect(config, Interceptors.builder()
 *         .publish(tracing.publishInterceptor())
 *         .handler(tracing.handlerInterceptor())
 *         .build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class Interceptors {

    /** No interceptors. */
    public static final Interceptors NONE = new Interceptors(List.of(), List.of());

    private final List<PublishInterceptor> publish;
    private final List<HandlerInterceptor> handler;

    private Interceptors(List<PublishInterceptor> publish, List<HandlerInterceptor> handler) {
        this.publish = List.copyOf(publish);
        this.handler = List.copyOf(handler);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The publish interceptors, outermost first. */
    public List<PublishInterceptor> publish() {
        return publish;
    }

    /** The handler interceptors, outermost first. */
    public List<HandlerInterceptor> handler() {
        return handler;
    }

    /** These interceptors, then {@code inner}'s within them. */
    public Interceptors and(Interceptors inner) {
        Builder all = builder();
        publish.forEach(all::publish);
        handler.forEach(all::handler);
        inner.publish.forEach(all::publish);
        inner.handler.forEach(all::handler);
        return all.build();
    }

    @Override
    public String toString() {
        return "Interceptors[publish=" + publish + ", handler=" + handler + "]";
    }

    /** Collects interceptors; not thread-safe. */
    public static final class Builder {
        private final List<PublishInterceptor> publish = new ArrayList<>();
        private final List<HandlerInterceptor> handler = new ArrayList<>();

        private Builder() {
        }

        /** Adds a publish interceptor within those added before. */
        public Builder publish(PublishInterceptor interceptor) {
            publish.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Adds a handler interceptor within those added before. */
        public Builder handler(HandlerInterceptor interceptor) {
            handler.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        public Interceptors build() {
            return publish.isEmpty() && handler.isEmpty() ? NONE : new Interceptors(publish, handler);
        }
    }
}
