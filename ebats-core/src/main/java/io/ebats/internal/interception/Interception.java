package io.ebats.internal.interception;

import com.rabbitmq.client.AMQP;
import io.ebats.HandlerInterceptor;
import io.ebats.HandlerResult;
import io.ebats.HandlerScope;
import io.ebats.Handling;
import io.ebats.Interceptors;
import io.ebats.PublishException;
import io.ebats.PublishInterceptor;
import io.ebats.PublishKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interceptors of one engine, in arrays, so that the hot path asks {@link #publishes()} and
 * {@link #handles()} and allocates nothing for them when there are none. Thread-safe.
 */
public final class Interception {

    private static final Logger log = LoggerFactory.getLogger(Interception.class);

    /** No interceptors. */
    public static final Interception NONE = new Interception(Interceptors.NONE);

    private final PublishInterceptor[] publish;
    private final HandlerInterceptor[] handler;

    public Interception(Interceptors interceptors) {
        this.publish = interceptors.publish().toArray(PublishInterceptor[]::new);
        this.handler = interceptors.handler().toArray(HandlerInterceptor[]::new);
    }

    /** True when publishes pass interceptors. */
    public boolean publishes() {
        return publish.length > 0;
    }

    /** True when handler runs pass interceptors. */
    public boolean handles() {
        return handler.length > 0;
    }

    /**
     * Publishes through the interceptors: {@code send} gets the properties with the headers they added. Call only
     * when {@link #publishes()}.
     */
    public CompletableFuture<Void> publish(PublishKind kind, String destination, String exchange, String routingKey,
                                           AMQP.BasicProperties props,
                                           Function<AMQP.BasicProperties, CompletableFuture<Void>> send) {
        Outgoing message = new Outgoing(kind, destination, exchange, routingKey, props);
        return next(0, message, send);
    }

    private CompletableFuture<Void> next(int index, Outgoing message,
                                         Function<AMQP.BasicProperties, CompletableFuture<Void>> send) {
        if (index == publish.length) {
            return send.apply(message.sent());
        }
        boolean[] sent = {false};
        try {
            CompletableFuture<Void> confirmed = publish[index].aroundPublish(message, () -> {
                sent[0] = true;
                return next(index + 1, message, send);
            });
            if (confirmed == null) {
                throw new IllegalStateException("publish interceptor " + publish[index] + " returned no future");
            }
            return confirmed;
        } catch (RuntimeException e) {
            if (sent[0]) {
                log.warn("publish interceptor {} failed after sending {}: {}", publish[index], message.messageId(),
                        e.toString());
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.failedFuture(new PublishException(message.kind() + " " + message.messageId()
                    + " to " + message.destination() + " was not published: interceptor " + publish[index]
                    + " failed: " + e, e));
        }
    }

    /** Begins the interceptors' scopes around one run; call only when {@link #handles()}. */
    public HandlerScope begin(Handling handling) {
        if (handler.length == 1) {
            return begin(handler[0], handling);
        }
        HandlerScope[] scopes = new HandlerScope[handler.length];
        for (int i = 0; i < handler.length; i++) {
            scopes[i] = begin(handler[i], handling);
        }
        return new Nested(scopes);
    }

    private static HandlerScope begin(HandlerInterceptor interceptor, Handling handling) {
        try {
            HandlerScope scope = interceptor.begin(handling);
            return scope == null ? HandlerScope.NONE : scope;
        } catch (RuntimeException e) {
            log.warn("handler interceptor {} failed to begin {} {}: {}", interceptor, handling.name(), handling.id(),
                    e.toString());
            return HandlerScope.NONE;
        }
    }

    /** Ends a scope, logging what it throws: an interceptor must not break the settlement. */
    public static void end(HandlerScope scope, HandlerResult result) {
        try {
            scope.end(result);
        } catch (RuntimeException e) {
            log.warn("handler interceptor scope {} failed to end: {}", scope, e.toString());
        }
    }

    /**
     * The headers of other parties among {@code headers}, as strings (a broker gives strings back as LongString):
     * neither ebats's {@code x-ebats-*} nor the broker's.
     */
    public static Map<String, String> foreignStrings(Map<String, Object> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, String> foreign = new LinkedHashMap<>();
        headers.forEach((key, value) -> {
            if (value != null && isForeign(key)) {
                foreign.put(key, value.toString());
            }
        });
        return Collections.unmodifiableMap(foreign);
    }

    static boolean isForeign(String key) {
        return !key.startsWith("x-ebats-") && !key.startsWith("x-death") && !key.startsWith("x-first-death")
                && !key.startsWith("x-last-death") && !key.equals("x-delivery-count") && !key.startsWith("x-qpid-");
    }

    /** Several scopes, the first outermost: run nests them, end goes from the innermost out. */
    private record Nested(HandlerScope[] scopes) implements HandlerScope {
        @Override
        public void run(Runnable work) {
            run(0, work);
        }

        private void run(int index, Runnable work) {
            if (index == scopes.length) {
                work.run();
            } else {
                scopes[index].run(() -> run(index + 1, work));
            }
        }

        @Override
        public void end(HandlerResult result) {
            for (int i = scopes.length - 1; i >= 0; i--) {
                Interception.end(scopes[i], result);
            }
        }
    }
}
