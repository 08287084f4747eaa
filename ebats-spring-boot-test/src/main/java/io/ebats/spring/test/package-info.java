/**
 * {@link io.ebats.spring.test.EbatsTest}: a Spring Boot test slice of an application's ebats handlers on an
 * embedded broker, a namespace per test context. Public: the annotations; the rest is package-private.
 */
package io.ebats.spring.test;
