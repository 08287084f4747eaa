/**
 * The web dashboard over a running {@code Ebats}: its pages, its JSON API under {@code /api} and Prometheus
 * metrics under {@code /metrics}, served by the JDK's HTTP server. Of ebats it uses only ebats-core's public API and
 * the history store ({@code io.ebats.store}), besides Jackson, Micrometer and SLF4J; the architecture tests hold it
 * to that.
 */
package io.ebats.dashboard;
