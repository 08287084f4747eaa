/**
 * Where a delivered task runs and where a failure becomes a retry or a dead letter: the worker and its builder,
 * the handlers bound from lambdas and {@code @HandlesTask} methods, the per-topic concurrency limit, the watchdog
 * that times handlers out, the skipping of duplicates, and the heartbeats that announce a worker. It uses the public
 * API, the engine and its broker, message and dead-letter packages.
 */
package io.ebats.internal.execution;
