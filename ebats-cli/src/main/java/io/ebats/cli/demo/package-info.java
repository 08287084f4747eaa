/**
 * The demo shop of {@code ebats up --demo}: a publisher of orders, the shop's custom consumer and the names they
 * share. It uses ebats-core's public API, and amqp-client for what another system would publish.
 */
package io.ebats.cli.demo;
