/**
 * What speaks to the broker itself: connections opened from {@code BrokerSettings} that recover by themselves,
 * publishing with confirms, acknowledgements sent in batches, the names and declarations of exchanges and queues,
 * and what differs between RabbitMQ (delays through the TTL ladder) and Qpid Broker-J. It uses amqp-client and the
 * public API's settings and types, and no other engine package.
 */
package io.ebats.internal.broker;
