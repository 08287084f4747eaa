package io.ebats.cli.handlers;

import io.ebats.HandlesTask;
import io.ebats.TaskContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of the demo shop's registry, which only say what they would do.
 * Stateless and thread-safe.
 */
public final class DemoTasks {

    private static final Logger log = LoggerFactory.getLogger(DemoTasks.class);

    /** Registered under {@code order_create} with a delay: closes the order if it is still unpaid. */
    @HandlesTask("closeOrder")
    public void closeOrder(Map<String, Object> params, TaskContext context) {
        log.info("closeOrder: order {} still unpaid after the delay, closing it (event {})",
                params.get("order_id"), context.eventId().orElse("-"));
    }

    /** Registered under {@code order_paied}: ships the virtual goods of a paid order. */
    @HandlesTask("virtualShipping")
    public void virtualShipping(Map<String, Object> params, TaskContext context) {
        log.info("virtualShipping: order {} paid, shipping its virtual goods (event {})",
                params.get("order_id"), context.eventId().orElse("-"));
    }

    /** Created by the custom consumer from a message of the {@code order_fanout} exchange. */
    @HandlesTask("orderAsync")
    public void orderAsync(Map<String, Object> params) {
        log.info("orderAsync: order {} waits for the seller to send the goods, syncing it", params.get("order_id"));
    }
}
