/**
 * Where tasks are cancelled: the broadcast that tells every worker of a namespace of a cancel
 * ({@link io.ebats.internal.cancellation.CancelBroadcast}) and the watch each worker keeps on it and on the store of
 * cancels ({@link io.ebats.internal.cancellation.CancelWatch}). It uses the public API, the engine and its broker
 * package.
 */
package io.ebats.internal.cancellation;
