/**
 * Where a topic is paused and resumed: the commands on its marker queue ({@link io.ebats.internal.pause.TopicPauses})
 * and the watch each worker keeps on the markers of its topics ({@link io.ebats.internal.pause.PauseWatch}). It uses
 * the public API, the engine and its broker package.
 */
package io.ebats.internal.pause;
