/**
 * An example application, a shop: its order tasks written as a class whose methods are tasks, the record of their
 * params and an in-memory order book standing in for the business's database. Like any application, it uses only
 * ebats-core's public API.
 */
package io.ebats.examples;
