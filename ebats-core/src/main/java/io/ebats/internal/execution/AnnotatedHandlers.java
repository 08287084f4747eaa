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
        return of(target, target.getClass());
    }

    /** The {@link HandlesTask} methods of {@code type}, each called as the same public method of {@code target}. */
    static List<BoundHandler> of(Object target, Class<?> type) {
        List<BoundHandler> handlers = new ArrayList<>();
        for (Method method : type.getMethods()) {
            HandlesTask annotation = method.getAnnotation(HandlesTask.class);
            if (annotation == null) {
                continue;
            }
            if (Modifier.isStatic(method.getModifiers())) {
                throw new IllegalArgumentException("@HandlesTask method " + describe(method) + " must not be static");
            }
            String task = annotation.value().isEmpty() ? method.getName() : annotation.value();
            Duration timeout = annotation.timeoutMillis() > 0 ? Duration.ofMillis(annotation.timeoutMillis()) : null;
            handlers.add(new BoundHandler(task, invocation(target, method, callable(target, method)), timeout));
        }
        if (handlers.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has no public @HandlesTask method");
        }
        return handlers;
    }

    /** {@code method} itself when {@code target} is one of its class, else the same public method of the target's class. */
    private static Method callable(Object target, Method method) {
        if (method.getDeclaringClass().isInstance(target)) {
            return method;
        }
        try {
            return target.getClass().getMethod(method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("@HandlesTask method " + describe(method) + " is not a public method of "
                    + target.getClass().getName() + " (declare it on an interface the target implements, or proxy "
                    + "the class)", e);
        }
    }

    private static BoundHandler.Invocation invocation(Object target, Method method, Method callable) {
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
                callable.invoke(target, args);
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
