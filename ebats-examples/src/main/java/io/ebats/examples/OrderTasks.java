package io.ebats.examples;

import io.ebats.HandlesTask;
import io.ebats.RetryException;
import io.ebats.TaskContext;
import io.ebats.TaskException;
import java.time.Duration;

/**
 * The demo shop's order tasks, as a class whose methods are tasks. Register it with
 * {@code ebats.worker().topic("demo").handlers(new OrderTasks(orders))}.
 */
public class OrderTasks {

    private final Orders orders;

    public OrderTasks(Orders orders) {
        this.orders = orders;
    }

    /** Closes an order that is still unpaid when the task is due (registered 10 s after order_create). */
    @HandlesTask("closeOrder")
    public void closeOrder(OrderRef order) {
        if (orders.status(order.orderId()) == Orders.Status.UNPAID) {
            orders.close(order.orderId());
        }
    }

    /** Ships virtual goods once paid; the warehouse being busy is worth another try, an unknown order is not. */
    @HandlesTask("virtualShipping")
    public void virtualShipping(OrderRef order, TaskContext context) {
        switch (orders.status(order.orderId())) {
            case UNKNOWN -> throw new TaskException("no order " + order.orderId());
            case PAID -> {
                if (!orders.ship(order.orderId())) {
                    throw new RetryException("warehouse busy, attempt " + context.attempt(), Duration.ofMillis(200));
                }
            }
            default -> { }
        }
    }
}
