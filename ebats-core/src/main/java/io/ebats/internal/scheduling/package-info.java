/**
 * Where an event becomes tasks: the scheduler consumes the events, publishes one task per registration under an
 * id derived from the event (a redelivered event yields the same ids), and acknowledges the event once all of them
 * are confirmed. It uses the public API, the engine and its broker, message and dead-letter packages.
 */
package io.ebats.internal.scheduling;
