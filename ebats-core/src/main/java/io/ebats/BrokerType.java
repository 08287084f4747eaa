package io.ebats;

/** Which broker ebats talks to; it decides how queues are declared and how tasks are delayed. */
public enum BrokerType {
    /** Detected from the broker's server properties when connecting. */
    AUTO,
    /** RabbitMQ 3.10+: quorum or classic queues, delays through the TTL ladder. */
    RABBITMQ,
    /** Apache Qpid Broker-J (the embedded broker): plain durable queues, delays held by the queue itself. */
    QPID
}
