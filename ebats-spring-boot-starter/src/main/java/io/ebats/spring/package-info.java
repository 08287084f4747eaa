/**
 * Spring Boot auto-configuration of ebats: the {@code ebats.*} properties ({@link io.ebats.spring.EbatsProperties}),
 * an {@code Ebats} bean with its {@code Tasks}, {@code DeadLetters} and {@code EventManager}, the
 * {@code @HandlesTask} methods of beans run by a worker through the beans' proxies, the worker, scheduler and
 * schedules as {@code SmartLifecycle} beans, a health indicator, and, with their modules on the class path, the task
 * and schedule meters on the application's {@code MeterRegistry}, the history store and the dashboard. Public: the
 * properties, the auto-configuration and {@link io.ebats.spring.EbatsConfigCustomizer}; the rest is
 * package-private. It uses the public API of ebats-core, ebats-store and ebats-dashboard only.
 */
package io.ebats.spring;
