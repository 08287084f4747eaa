package io.ebats;

import java.util.concurrent.CompletableFuture;

/**
 * Runs around every publish of an event, a task, a retry, a dead letter and a replay that an {@link Ebats}
 * instance and its workers, schedulers and consumers make (not around their heartbeats, schedule states and
 * commands). It sees what is published and where ({@link OutgoingMessage}), may add headers before it calls
 * {@link Publish#send()}, and gets the future of the broker's confirm, so that it can time the publish and see
 * it fail: a tracing interceptor opens a producer span, injects {@code traceparent}, and ends the span when the
 * future completes.
 *
 * <pre>{@code
 * PublishInterceptor timing = (message, publish) -> {
 *     long start = System.nanoTime();
 *     return publish.send().whenComplete((ok, error) -> record(message.destination(), System.nanoTime() - start, error));
 * };
 * }</pre>
 *
 * <p>Called on the publishing thread: the caller's for {@link Ebats#publish} and {@link Tasks#create}, the handler
 * thread for a retry or dead letter, the scheduler's consumer thread for the tasks of an event, so that the
 * interceptor sees the caller's context (its thread locals, the current span). It must call {@code send()} exactly
 * once on that thread and return its future or one that completes with it; it must not block, and it should not
 * throw (an exception thrown before {@code send()} fails the publish). The future completes on the connection's
 * thread: what is chained on it must not block. Implementations are shared by all threads and must be
 * thread-safe. Registered with {@link Interceptors.Builder#publish}.
 */
@FunctionalInterface
public interface PublishInterceptor {

    /** Publishes {@code message} by calling {@code publish.send()}, and returns the future of the confirm. */
    CompletableFuture<Void> aroundPublish(OutgoingMessage message, Publish publish);

    /** The publish itself, or the next interceptor's. */
    @FunctionalInterface
    interface Publish {
        /** Sends the message with the headers it has now; the future completes on the broker's confirm. */
        CompletableFuture<Void> send();
    }
}
