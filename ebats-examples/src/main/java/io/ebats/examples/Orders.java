package io.ebats.examples;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny in-memory order book standing in for the business's database. Thread-safe. */
public final class Orders {

    /** Where an order stands. */
    public enum Status { UNKNOWN, UNPAID, PAID, SHIPPED, CLOSED }

    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger busyWarehouseReplies;

    /** @param busyWarehouseReplies how many shipping requests the warehouse refuses before it accepts */
    public Orders(int busyWarehouseReplies) {
        this.busyWarehouseReplies = new AtomicInteger(busyWarehouseReplies);
    }

    public void create(String orderId) {
        statuses.put(orderId, Status.UNPAID);
    }

    public void pay(String orderId) {
        statuses.put(orderId, Status.PAID);
    }

    public Status status(String orderId) {
        return statuses.getOrDefault(orderId, Status.UNKNOWN);
    }

    void close(String orderId) {
        statuses.put(orderId, Status.CLOSED);
    }

    boolean ship(String orderId) {
        if (busyWarehouseReplies.getAndDecrement() > 0) {
            return false;
        }
        statuses.put(orderId, Status.SHIPPED);
        return true;
    }
}
