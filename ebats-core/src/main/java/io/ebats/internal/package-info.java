/**
 * The engine behind one {@code Ebats} instance and what its components share: the publishing connection and
 * confirmed publishing, the topology declared on first use, and the small helpers every engine package uses alike.
 * Internal to ebats-core: it uses the public API and the broker and message packages under it, and knows nothing of
 * the modules built on core (the command line, the store, the dashboard).
 */
package io.ebats.internal;
