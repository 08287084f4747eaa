package io.ebats.internal.execution;

import io.ebats.AttemptListener;
import io.ebats.CancelledTasks;
import io.ebats.RetryPolicy;
import io.ebats.SucceededTasks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * A worker's configuration, as collected by {@link WorkerBuilder}; {@code prefetch} is at least
 * {@code concurrency}; {@code succeededTasks} and {@code cancelledTasks} may be null; {@code redeliveryLimit} is the deliveries without a
 * settlement after which a task is dead-lettered instead of run; {@code threadFactory} makes the handler threads, null
 * for the default platform threads.
 */
record WorkerSettings(String name, Set<String> topics, int concurrency, int prefetch, Duration handlerTimeout,
                      int redeliveryLimit, Duration shutdownGrace, RetryPolicy retryPolicy, List<AttemptListener> listeners,
                      Map<String, BoundHandler> handlers, SucceededTasks succeededTasks,
                      CancelledTasks cancelledTasks, ThreadFactory threadFactory) {
}
