/**
 * Dead letters: the headers that say why a message died, and the listing, replay and purge of the dead-letter
 * queues behind {@code DeadLetters}. It uses the public API, the engine's confirmed publishing and the message
 * package.
 */
package io.ebats.internal.deadletter;
