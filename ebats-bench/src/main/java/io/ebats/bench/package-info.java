/**
 * The benchmark behind {@code ebats bench} and {@code ebats bench-store}: ebats's scenarios (tasks, events,
 * delays, the history) against the raw amqp-client doing the same work, in alternating rounds, with the CPU, memory
 * and lateness they cost. It uses ebats-core's public API, the store and the embedded broker, and amqp-client for
 * the baseline; never the engine's internals.
 */
package io.ebats.bench;
