/**
 * The task handlers every worker of the command line has: the tasks of the demo registry and the diagnostic
 * tasks for trying a deployment out. They use only ebats-core's public API.
 */
package io.ebats.cli.handlers;
