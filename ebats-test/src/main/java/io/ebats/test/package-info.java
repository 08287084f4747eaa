/**
 * JUnit 5 support for applications' tests of their task handlers: an extension that starts one embedded broker
 * for the test run and hands each test an {@code Ebats} connected to it in a namespace of its own. It uses
 * ebats-core's public API and {@code io.ebats.embedded} only.
 */
package io.ebats.test;
