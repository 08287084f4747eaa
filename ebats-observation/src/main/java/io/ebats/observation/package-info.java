/**
 * Micrometer Observation of ebats ({@link io.ebats.observation.EbatsObservation}): the publish and handler
 * interceptors of the core's public API, their observation contexts (a sender and a receiver context whose carriers
 * are the AMQP headers, for the propagating handlers of Micrometer Tracing) and conventions that name and attribute
 * them by the OpenTelemetry messaging conventions. Uses only ebats's public API and micrometer-observation.
 */
package io.ebats.observation;
