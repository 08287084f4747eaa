/**
 * The engine behind one {@code Ebats} instance: the publishing connection shared by its components, confirmed
 * publishing, the topology declared on first use, and ids that sort by creation time. Internal to ebats-core: it
 * uses the public API and the broker and message packages under it, and knows nothing of the modules built on core
 * (the command line, the store, the dashboard).
 */
package io.ebats.internal;
