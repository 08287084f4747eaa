/**
 * The interceptors of an engine on the hot path: the chain of publish interceptors around every event, task,
 * retry, dead-letter and replay publish, and the scopes of handler interceptors around each handler run and event
 * dispatch; with none registered, nothing here is allocated per message. Uses the public API and
 * {@code internal.message}.
 */
package io.ebats.internal.interception;
