package io.ebats;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as the handler of a task, so that a class whose methods are tasks registers them all at once.
 * The method may take no argument, the params (a map, a record or a bean), a
 * {@link TaskContext}, or params and context in that order. See {@code Worker.Builder#handlers(Object)}.
 *
 * <pre>{@code
 * public class OrderTasks {
 *     @HandlesTask("closeOrder")
 *     public void closeOrder(OrderRef order) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HandlesTask {

    /** The task name; defaults to the method name. */
    String value() default "";

    /** Handler timeout in milliseconds; 0 for the worker's default. */
    long timeoutMillis() default 0;
}
