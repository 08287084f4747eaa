package io.ebats.internal.execution;

import io.ebats.internal.broker.AckBatcher;

/** The acknowledgements of the channel a delivery came on, as {@link Settlement} uses them. Thread-safe. */
interface DeliveryAcks {

    /** True while the delivery can still be settled here; false once the broker took it back. */
    boolean owns(long tag);

    /** Acks the delivery, now or later; false when it is no longer this consumer's to settle. */
    boolean ack(long tag);

    /** Gives the delivery back to its queue at once; nothing when the broker took it back already. */
    void requeue(long tag);

    /** The acks of a consumer channel, batched. */
    static DeliveryAcks batchedBy(AckBatcher batcher) {
        return new DeliveryAcks() {
            @Override
            public boolean owns(long tag) {
                return batcher.owns(tag);
            }

            @Override
            public boolean ack(long tag) {
                return batcher.ack(tag);
            }

            @Override
            public void requeue(long tag) {
                batcher.requeue(tag);
            }
        };
    }
}
