package io.ebats.cli;

import io.ebats.Worker;
import io.ebats.cli.handlers.BuiltInHandlers;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler objects of a worker: one instance of each class named with {@code --handlers}, then the built-in
 * handlers. A built-in class that names a task a user class already handles is left out.
 */
final class HandlerSet {

    private static final Logger log = LoggerFactory.getLogger(HandlerSet.class);

    private final List<Object> targets;

    private HandlerSet(List<Object> targets) {
        this.targets = List.copyOf(targets);
    }

    /**
     * Instantiates the named classes with their no-argument constructors.
     *
     * @throws IllegalArgumentException when a class is missing, has no such constructor or no handler method
     */
    static HandlerSet of(List<String> classNames) {
        List<Object> targets = new ArrayList<>();
        Set<String> taken = new TreeSet<>();
        for (String name : classNames) {
            Object target = instantiate(name.trim());
            Set<String> tasks = BuiltInHandlers.taskNames(target.getClass());
            if (tasks.isEmpty()) {
                throw new IllegalArgumentException("handler class " + name + " has no public @HandlesTask method");
            }
            targets.add(target);
            taken.addAll(tasks);
        }
        for (Object builtIn : BuiltInHandlers.create()) {
            Set<String> tasks = BuiltInHandlers.taskNames(builtIn.getClass());
            if (Collections.disjoint(tasks, taken)) {
                targets.add(builtIn);
            } else {
                log.info("built-in {} left out: its tasks {} are handled by --handlers", builtIn.getClass().getSimpleName(),
                        tasks);
            }
        }
        return new HandlerSet(targets);
    }

    /** Registers every handler object on the worker. */
    Worker.Builder applyTo(Worker.Builder worker) {
        targets.forEach(worker::handlers);
        return worker;
    }

    /** Every task name handled. */
    Set<String> tasks() {
        Set<String> tasks = new TreeSet<>();
        targets.forEach(t -> tasks.addAll(BuiltInHandlers.taskNames(t.getClass())));
        return tasks;
    }

    private static Object instantiate(String name) {
        Class<?> type;
        try {
            type = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("handler class " + name + " not found on the class path"
                    + " (add its jar with EBATS_CLASSPATH)");
        }
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException("handler class " + name + " must be public with a public no-argument constructor");
        } catch (InstantiationException e) {
            throw new IllegalArgumentException("handler class " + name + " cannot be instantiated: it is abstract");
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("constructor of handler class " + name + " failed: "
                    + ErrorReporter.describe(e.getCause()), e.getCause());
        }
    }
}
