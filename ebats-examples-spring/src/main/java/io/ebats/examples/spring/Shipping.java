package io.ebats.examples.spring;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ebats.HandlesTask;
import io.ebats.TaskContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ships paid orders: the handler of the {@code virtualShipping} task. A bean like any other, called by the worker
 * through the container's proxy (so {@code @Transactional} would apply). Thread-safe: tasks run concurrently.
 */
@Component
public class Shipping {

    private static final Logger log = LoggerFactory.getLogger(Shipping.class);

    private final Set<String> shipped = ConcurrentHashMap.newKeySet();

    /** The params of the task: the event's, {@code {"order_id": ...}}. */
    public record OrderRef(@JsonProperty("order_id") String orderId) {
    }

    @HandlesTask("virtualShipping")
    public void ship(OrderRef order, TaskContext task) {
        log.info("shipping order {} (task {}, attempt {})", order.orderId(), task.taskId(), task.attempt());
        shipped.add(order.orderId());
    }

    /** Whether the order was shipped by this process. */
    public boolean hasShipped(String orderId) {
        return shipped.contains(orderId);
    }
}
