package io.ebats;

/**
 * Runs around each handler run of a worker, and around each event a scheduler dispatches into tasks: it sees the
 * message ({@link Handling}: its headers, name, topic, id, attempt), runs the work in a scope of its own
 * ({@link HandlerScope#run}) and learns how it ended ({@link HandlerScope#end}). A tracing interceptor extracts the
 * producer's {@code traceparent} from the headers, opens a consumer span, makes it current while the handler runs
 * (so that what the handler publishes, and the retry or dead letter the attempt leads to, are its children), and
 * ends it with the outcome.
 *
 * <p>{@link #begin} is called on the handler's thread (the scheduler's consumer thread for events) before the
 * handler runs; it must not block and should not throw (an exception is logged and the run goes on without this
 * interceptor). Implementations are shared by all threads and must be thread-safe. Registered with
 * {@link Interceptors.Builder#handler}. Not called for messages that run no handler: malformed ones, unknown
 * tasks, copies of tasks that already succeeded, tasks that came before their due time.
 */
@FunctionalInterface
public interface HandlerInterceptor {

    /** Starts what this interceptor does around one run; {@link HandlerScope#NONE} to do nothing for it. */
    HandlerScope begin(Handling handling);
}
