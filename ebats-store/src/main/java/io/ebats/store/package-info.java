/**
 * The history store: every attempt saved in a SQL database (SQLite, H2 or PostgreSQL; the schema migrated by
 * Flyway, connections pooled by HikariCP), searched, counted and pruned, with sensitive params redacted. It plugs
 * into workers as an {@code AttemptListener} and {@code SucceededTasks}, and uses nothing of ebats but ebats-core's
 * public API; the dashboard and the command line read the history through its public classes.
 */
package io.ebats.store;
