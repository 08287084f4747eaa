package io.ebats.spring;

import io.ebats.Ebats;
import io.ebats.EventManager;
import io.ebats.Schedule;
import io.ebats.dashboard.QueueGauges;
import io.ebats.dashboard.ScheduleMetrics;
import io.ebats.dashboard.TaskMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The meters of {@code ebats up}'s {@code /metrics} on the application's {@link MeterRegistry}, when Micrometer and
 * ebats-dashboard are on the class path and the application has a registry: the task meters (an attempt listener
 * of the worker), the schedule meters (a listener of the schedules) and, with
 * {@code ebats.metrics.broker-gauges=true}, gauges of the broker's queues.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({MeterRegistry.class, TaskMeters.class})
@ConditionalOnBean(MeterRegistry.class)
class EbatsMetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TaskMeters ebatsTaskMeters(MeterRegistry registry) {
        return new TaskMeters(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    ScheduleMetrics ebatsScheduleMetrics(MeterRegistry registry) {
        return new ScheduleMetrics(registry);
    }

    /** Refreshed on a thread of their own until the context closes. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty("ebats.metrics.broker-gauges")
    QueueGauges ebatsQueueGauges(Ebats ebats, EventManager events, EbatsSettings settings, MeterRegistry registry) {
        Set<String> topics = new HashSet<>(settings.topics());
        settings.schedules().forEach(s -> {
            if (s.target() instanceof Schedule.TaskTarget task) {
                topics.add(task.topic());
            }
        });
        return QueueGauges.start(ebats, events, topics, registry);
    }
}
