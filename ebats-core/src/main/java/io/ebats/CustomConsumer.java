package io.ebats;

/**
 * Reads any exchange through a queue of its own and hands each message to a handler, which usually turns it
 * into tasks. Same discipline as a worker: bounded prefetch, acknowledgement after the
 * handler and its publishes are done, failures moved to a dead-letter queue with the reason.
 *
 * <pre>{@code
 * CustomConsumer consumer = ebats.consumer()
 *     .exchange("order_fanout", ExchangeType.TOPIC)
 *     .queue("shzf_order_paied", "*.*.WAIT_SELLER_SEND_GOODS")
 *     .start((key, msg) -> ebats.tasks().create("demo", "orderAsync", msg.json()));
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} is idempotent and graceful.
 */
public interface CustomConsumer extends AutoCloseable {

    /** Messages handled successfully since start. */
    long handled();

    @Override
    void close();

    /** Configures and starts a custom consumer. */
    interface Builder {

        /** The exchange to read; declared durable with this type if missing. */
        Builder exchange(String exchange, ExchangeType type);

        /** The consumer's own queue and its binding keys; the queue must not start with the namespace. */
        Builder queue(String queue, String... bindingKeys);

        /** Messages handled at once; default 1. */
        Builder concurrency(int concurrency);

        Builder queueType(QueueType type);

        CustomConsumer start(MessageHandler handler);
    }
}
