package io.ebats;

/** The RabbitMQ queue type for task, delay and dead-letter queues. */
public enum QueueType {
    /** Replicated Raft queues: the default; at-least-once dead-lettering for the delay ladder. */
    QUORUM,
    /** Durable classic queues, for brokers or setups without quorum queues. */
    CLASSIC
}
