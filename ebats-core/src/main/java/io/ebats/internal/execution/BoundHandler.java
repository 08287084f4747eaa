package io.ebats.internal.execution;

import io.ebats.TaskContext;
import io.ebats.TaskException;
import io.ebats.TaskHandler;
import java.time.Duration;

/** A handler with its params type bound and its timeout; {@code timeout} null means the worker's default. */
record BoundHandler(String task, Invocation invocation, Duration timeout) {

    @FunctionalInterface
    interface Invocation {
        void invoke(TaskContext context) throws Exception;
    }

    static <P> BoundHandler of(String task, Class<P> type, TaskHandler<P> handler) {
        return new BoundHandler(task, ctx -> handler.handle(bindParams(ctx, type), ctx), null);
    }

    static <P> P bindParams(TaskContext ctx, Class<P> type) {
        try {
            return ctx.params(type);
        } catch (IllegalArgumentException e) {
            throw new TaskException("params of task " + ctx.taskName() + " cannot be read: " + e.getMessage(), e);
        }
    }
}
