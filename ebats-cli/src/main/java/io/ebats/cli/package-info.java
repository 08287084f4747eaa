/**
 * The {@code ebats} command line (picocli): one class per command ({@code up}, {@code worker},
 * {@code scheduler}, {@code publish}, {@code task}, {@code status}, {@code history}, {@code dead},
 * {@code dashboard}, {@code bench}), the settings resolved from flags, {@code EBATS_*} variables and
 * {@code ebats.yml}, and every error reported as one line. It is built on the public classes of the other modules
 * (core's API, the store, the dashboard, the embedded broker, the bench), never on core's internals.
 */
package io.ebats.cli;
