/** A small Spring Boot service on ebats: a REST endpoint publishes an event, a handler bean runs its task. */
package io.ebats.examples.spring;
