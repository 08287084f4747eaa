package io.ebats.cli.handlers;

import io.ebats.HandlesTask;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The handlers every worker of the command line has: {@link DemoTasks} and {@link DiagnosticTasks}. */
public final class BuiltInHandlers {

    private BuiltInHandlers() {
    }

    /** New instances of the built-in handler classes. */
    public static List<Object> create() {
        return List.of(new DemoTasks(), new DiagnosticTasks());
    }

    /** The task names of the public {@link HandlesTask} methods of {@code type}. */
    public static Set<String> taskNames(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Method method : type.getMethods()) {
            HandlesTask annotation = method.getAnnotation(HandlesTask.class);
            if (annotation != null) {
                names.add(annotation.value().isEmpty() ? method.getName() : annotation.value());
            }
        }
        return names;
    }
}
