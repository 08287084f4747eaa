/**
 * An AMQP 0-9-1 broker inside the JVM (Apache Qpid Broker-J with a durable Derby store) for {@code ebats up},
 * tests and the benchmark where no broker is installed. It depends on no other ebats module: only on Qpid, SLF4J and,
 * when the application logs with it, Logback.
 */
package io.ebats.embedded;
