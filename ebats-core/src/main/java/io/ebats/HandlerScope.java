package io.ebats;

/**
 * What a {@link HandlerInterceptor} does around one run. ebats calls {@link #run} once on the handler's thread
 * with the handler and the settlement of its outcome (the ack, or the retry or dead letter published first), and
 * possibly once more on the worker's watchdog thread, which settles a task whose handler overran its timeout;
 * then {@link #end} exactly once, on either thread, possibly while the overrunning handler is still inside its
 * {@code run}. Thread-safe as that needs.
 */
public interface HandlerScope {

    /** Does nothing. */
    HandlerScope NONE = new HandlerScope() {
        @Override
        public void run(Runnable work) {
            work.run();
        }

        @Override
        public void end(HandlerResult result) {
        }
    };

    /**
     * Runs {@code work} on the calling thread, in this scope (a current span, say), exactly once; what it throws
     * is thrown on.
     */
    void run(Runnable work);

    /** Tells how the run ended; called once, after the last {@link #run}. */
    void end(HandlerResult result);
}
