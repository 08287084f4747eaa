/**
 * The public API of ebats: the {@link Ebats} entry point, the workers, schedulers and custom consumers
 * it starts, and the records, settings and exceptions they exchange. Applications and every other ebats module use
 * this package and nothing else of ebats-core; the engine behind it lives in {@code io.ebats.internal} and its
 * subpackages, which no other module may use (the architecture tests check it).
 */
package io.ebats;
