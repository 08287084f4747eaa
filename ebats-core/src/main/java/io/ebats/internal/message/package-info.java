/**
 * The wire protocol of docs/protocol.md: the header names and how their values are read, a task as it travels,
 * and the engine's one JSON mapper with its size and depth limits. It depends only on the public API, amqp-client
 * and Jackson, so that every other engine package may use it.
 */
package io.ebats.internal.message;
