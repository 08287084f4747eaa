/**
 * The custom consumer: a queue of its own bound to a user's exchange, each message handed to the user's handler
 * and acknowledged after it, or dead-lettered with the reason when the handler threw. It uses the public API, the
 * engine's publishing and the message and dead-letter packages.
 */
package io.ebats.internal.consumer;
