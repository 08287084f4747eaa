package io.ebats.internal.execution;

import io.ebats.HandlesTask;
import io.ebats.TaskContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns the {@link HandlesTask} methods of an object into handlers. */
final class AnnotatedHandlers {

    private AnnotatedHandlers() {
    }

    static List<BoundHandler> of(Object target) {
        List<BoundHandler> handlers = new ArrayList<>();
        for (Method method : target.getClass().getMethods()) {
            HandlesTask annotation = method.getAnnotation(HandlesTask.class);
            if (annotation == null) {
                continue;
            }
            if (Modifier.isStatic(method.getModifiers())) {
                throw new IllegalArgumentException("@HandlesTask method " + describe(method) + " must not be static");
            }
            String task = annotation.value().isEmpty() ? method.getName() : annotation.value();
            Duration timeout = annotation.timeoutMillis() > 0 ? Duration.ofMillis(annotation.timeoutMillis()) : null;
            handlers.add(new BoundHandler(task, invocation(target, method), timeout));
        }
        if (handlers.isEmpty()) {
            throw new IllegalArgumentException(target.getClass().getName() + " has no public @HandlesTask method");
        }
        return handlers;
    }

    private static BoundHandler.Invocation invocation(Object target, Method method) {
        Class<?>[] types = method.getParameterTypes();
        ArgumentSource[] sources = new ArgumentSource[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i];
            if (type == TaskContext.class) {
                sources[i] = ctx -> ctx;
            } else if (i == 0) {
                sources[i] = ctx -> BoundHandler.bindParams(ctx, type);
            } else {
                throw new IllegalArgumentException("@HandlesTask method " + describe(method)
                        + " may take (params), (TaskContext) or (params, TaskContext)");
            }
        }
        return ctx -> {
            Object[] args = new Object[sources.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = sources[i].from(ctx);
            }
            try {
                method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw (Error) cause;
            }
        };
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    @FunctionalInterface
    private interface ArgumentSource {
        Object from(TaskContext ctx);
    }
}
