package io.ebats.internal.execution;

import io.ebats.AttemptListener;
import io.ebats.CancelledTasks;
import io.ebats.Names;
import io.ebats.RetryPolicy;
import io.ebats.SucceededTasks;
import io.ebats.TaskContext;
import io.ebats.TaskHandler;
import io.ebats.Worker;
import io.ebats.internal.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;

/** Collects a worker's settings and starts it. */
public final class WorkerBuilder implements Worker.Builder {

    private final Engine engine;
    private final Set<String> topics = new LinkedHashSet<>();
    private final Map<String, BoundHandler> handlers = new LinkedHashMap<>();
    private final List<AttemptListener> listeners = new ArrayList<>();
    private int concurrency = DEFAULT_CONCURRENCY;
    private int prefetch;
    private Duration handlerTimeout = DEFAULT_HANDLER_TIMEOUT;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private int redeliveryLimit = DEFAULT_REDELIVERY_LIMIT;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private String name = UUID.randomUUID().toString().substring(0, 8);
    private SucceededTasks succeededTasks;
    private ThreadFactory threadFactory;
    private CancelledTasks cancelledTasks;

    public WorkerBuilder(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Worker.Builder topic(String topic) {
        topics.add(Names.require("topic", topic));
        return this;
    }

    @Override
    public Worker.Builder concurrency(int value) {
        if (value < 1 || value > 10_000) {
            throw new IllegalArgumentException("concurrency must be between 1 and 10000, was " + value);
        }
        concurrency = value;
        return this;
    }

    @Override
    public Worker.Builder prefetch(int value) {
        if (value < 1 || value > MAX_PREFETCH) {
            throw new IllegalArgumentException("prefetch must be between 1 and " + MAX_PREFETCH + ", was " + value);
        }
        prefetch = value;
        return this;
    }

    @Override
    public Worker.Builder handlerTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handlerTimeout must be positive, was " + timeout);
        }
        handlerTimeout = timeout;
        return this;
    }

    @Override
    public Worker.Builder redeliveryLimit(int limit) {
        if (limit < 1 || limit > MAX_REDELIVERY_LIMIT) {
            throw new IllegalArgumentException("redeliveryLimit must be between 1 and " + MAX_REDELIVERY_LIMIT
                    + " (below the broker's delivery limit of 100), was " + limit);
        }
        redeliveryLimit = limit;
        return this;
    }

    @Override
    public Worker.Builder shutdownGrace(Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must be zero or positive, was " + grace);
        }
        shutdownGrace = grace;
        return this;
    }

    @Override
    public Worker.Builder retryPolicy(RetryPolicy policy) {
        retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
        return this;
    }

    @Override
    public Worker.Builder listener(AttemptListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public Worker.Builder handle(String task, TaskHandler<Map<String, Object>> handler) {
        Objects.requireNonNull(handler, "handler");
        return add(new BoundHandler(Names.require("task", task), ctx -> handler.handle(ctx.params(), ctx), null));
    }

    @Override
    public <P> Worker.Builder handle(String task, Class<P> type, TaskHandler<P> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        if (type == TaskContext.class) {
            throw new IllegalArgumentException("params type of task " + task + " must not be TaskContext");
        }
        return add(BoundHandler.of(Names.require("task", task), type, handler));
    }

    @Override
    public Worker.Builder handlers(Object target) {
        AnnotatedHandlers.of(Objects.requireNonNull(target, "target")).forEach(this::add);
        return this;
    }

    @Override
    public Worker.Builder handlers(Object target, Class<?> type) {
        AnnotatedHandlers.of(Objects.requireNonNull(target, "target"), Objects.requireNonNull(type, "type"))
                .forEach(this::add);
        return this;
    }

    @Override
    public Worker.Builder cancellations(CancelledTasks store) {
        cancelledTasks = Objects.requireNonNull(store, "store");
        return this;
    }

    @Override
    public Worker.Builder skipSucceeded(SucceededTasks record) {
        succeededTasks = Objects.requireNonNull(record, "record");
        return this;
    }

    @Override
    public Worker.Builder handlerThreads(ThreadFactory factory) {
        threadFactory = Objects.requireNonNull(factory, "factory");
        return this;
    }

    @Override
    public Worker.Builder name(String value) {
        name = Names.require("worker", value);
        return this;
    }

    private Worker.Builder add(BoundHandler handler) {
        if (handlers.putIfAbsent(handler.task(), handler) != null) {
            throw new IllegalArgumentException("task " + handler.task() + " has two handlers");
        }
        return this;
    }

    @Override
    public Worker start() {
        if (topics.isEmpty()) {
            throw new IllegalStateException("a worker needs at least one topic");
        }
        if (handlers.isEmpty()) {
            throw new IllegalStateException("a worker needs at least one handler");
        }
        if (prefetch != 0 && prefetch < concurrency) {
            throw new IllegalStateException("prefetch " + prefetch + " is below the concurrency " + concurrency
                    + ": the worker could never run " + concurrency + " tasks at once");
        }
        int effectivePrefetch = prefetch == 0 ? Worker.Builder.defaultPrefetch(concurrency) : prefetch;
        return new DefaultWorker(engine, new WorkerSettings(name, Set.copyOf(topics), concurrency, effectivePrefetch,
                handlerTimeout, redeliveryLimit,
                shutdownGrace, retryPolicy, List.copyOf(listeners), Map.copyOf(handlers), succeededTasks,
                cancelledTasks, threadFactory));
    }
}
