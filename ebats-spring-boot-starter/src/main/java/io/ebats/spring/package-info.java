/**
 * Spring Boot auto-configuration of ebats: the {@code ebats.*} properties ({@link io.ebats.spring.EbatsProperties}),
 * an {@code Ebats} bean with its {@code Tasks}, {@code DeadLetters} and {@code EventManager}, the
 * {@code @HandlesTask} methods of beans run by a worker through the beans' proxies, the worker, scheduler and
 * schedules as {@code SmartLifecycle} beans, and a health indicator. Public: the properties, the auto-configuration
 * and {@link io.ebats.spring.EbatsConfigCustomizer}; the rest is package-private. It uses ebats-core's public API
 * only.
 */
package io.ebats.spring;
