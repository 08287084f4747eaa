package io.ebats.spring;

import io.ebats.AttemptListener;
import io.ebats.CancelledTasks;
import io.ebats.DeadLetters;
import io.ebats.Ebats;
import io.ebats.Interceptors;
import io.ebats.EbatsConfig;
import io.ebats.EventManager;
import io.ebats.Registration;
import io.ebats.ScheduleListener;
import io.ebats.SettledTasks;
import io.ebats.SucceededTasks;
import io.ebats.Tasks;
import io.ebats.UniqueKeys;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of ebats: an {@link Ebats} connected with the {@code ebats.*} properties ({@link EbatsProperties}),
 * its {@link Tasks} and {@link DeadLetters}, the {@link EventManager} of the registrations, a worker running the
 * {@code @HandlesTask} methods of beans, a scheduler, the schedules, and a health indicator when actuator's health
 * support is present ({@code management.health.ebats.enabled}); when their modules are on the class path, metrics
 * on the application's {@code MeterRegistry}, a history store ({@code ebats.history.url}) and the dashboard
 * ({@code ebats.dashboard.enabled}). Each bean backs off when the application defines one of its type.
 *
 * <p>The {@link Ebats} bean is closed with the context, after the worker, scheduler and schedules stopped (they stop
 * before the web server's graceful shutdown). An {@code Ebats} bean of the application's own is closed by Spring as
 * well, through its {@code close()} method.
 */
@AutoConfiguration(afterName = EbatsAutoConfiguration.METER_REGISTRIES)
@ConditionalOnClass(Ebats.class)
@EnableConfigurationProperties(EbatsProperties.class)
@Import({EbatsMetricsConfiguration.class, EbatsHistoryConfiguration.class, EbatsDashboardConfiguration.class,
        EbatsObservationConfiguration.class})
public class EbatsAutoConfiguration {

    /** Where Spring Boot creates the application's {@code MeterRegistry}, which the metrics need first. */
    static final String METER_REGISTRIES =
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration";
    /** Spring Boot's default of {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    private static final Duration DEFAULT_SHUTDOWN_PHASE = Duration.ofSeconds(30);

    /** Created by Spring Boot. */
    public EbatsAutoConfiguration() {
    }

    @Bean
    static HandlerBeans ebatsHandlerBeans() {
        return new HandlerBeans();
    }

    @Bean
    @ConditionalOnMissingBean
    EbatsSettings ebatsSettings(EbatsProperties properties) {
        return EbatsSettings.of(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    EbatsConfig ebatsConfig(EbatsSettings settings, ObjectProvider<EbatsConfigCustomizer> customizers) {
        EbatsConfig.Builder builder = settings.config().toBuilder();
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    Ebats ebats(EbatsConfig config, ObjectProvider<Interceptors> interceptors) {
        return Ebats.connect(config, interceptors.getIfAvailable(() -> Interceptors.NONE));
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    Tasks ebatsTasks(Ebats ebats) {
        return ebats.tasks();
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    DeadLetters ebatsDeadLetters(Ebats ebats) {
        return ebats.deadLetters();
    }

    @Bean
    @ConditionalOnMissingBean
    EventManager ebatsEventManager(EbatsSettings settings, ObjectProvider<Registration> registrations) {
        EventManager events = new EventManager().registerAll(settings.registrations());
        registrations.orderedStream().forEach(events::register);
        return events;
    }

    @Bean
    @ConditionalOnMissingBean
    EbatsWorkerLifecycle ebatsWorker(Ebats ebats, EbatsSettings settings, EbatsProperties properties,
                                     HandlerBeans handlers, ObjectProvider<AttemptListener> listeners,
                                     ObjectProvider<SucceededTasks> succeeded,
                                     ObjectProvider<CancelledTasks> cancelled, Environment environment) {
        Duration phase = Binder.get(environment).bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(DEFAULT_SHUTDOWN_PHASE);
        Boolean virtual = properties.getWorker().getVirtualThreads();
        ThreadFactory threads = (virtual != null ? virtual : Threading.VIRTUAL.isActive(environment))
                ? Thread.ofVirtual().name("ebats-handler-", 0).factory() : null;
        return new EbatsWorkerLifecycle(ebats, settings, handlers, listeners.orderedStream().toList(),
                succeeded.getIfUnique(), cancelled.getIfUnique(), threads, phase);
    }

    @Bean
    @ConditionalOnMissingBean
    EbatsSchedulerLifecycle ebatsScheduler(Ebats ebats, EventManager events, ObjectProvider<UniqueKeys> keys) {
        return new EbatsSchedulerLifecycle(ebats, events, keys.getIfUnique());
    }

    @Bean
    @ConditionalOnMissingBean
    EbatsSchedulesLifecycle ebatsSchedules(Ebats ebats, EbatsSettings settings,
                                           ObjectProvider<ScheduleListener> listeners,
                                           ObjectProvider<SettledTasks> settled) {
        return new EbatsSchedulesLifecycle(ebats, settings.schedules(),
                ScheduleListeners.of(listeners.orderedStream().toList()), settled.getIfUnique());
    }

    /** The health indicator, when actuator's health support is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("ebats")
    static class EbatsHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "ebatsHealthIndicator")
        HealthIndicator ebatsHealthIndicator(Ebats ebats, ObjectProvider<EbatsWorkerLifecycle> worker) {
            return new EbatsHealthIndicator(ebats, worker.getIfAvailable());
        }
    }
}
