package io.ebats.spring;

import io.ebats.Interceptors;
import io.ebats.observation.EbatsObservation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code ebats.observation.enabled=true} and ebats-observation on the class path: the interceptors of
 * {@link EbatsObservation} on the application's {@link ObservationRegistry}, which Spring Boot's tracing turns into
 * spans and whose propagator writes and reads {@code traceparent} in the AMQP headers. Without a registry bean
 * (no actuator, no tracing) it observes into {@link ObservationRegistry#NOOP}, which costs next to nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(EbatsObservation.class)
@ConditionalOnProperty("ebats.observation.enabled")
class EbatsObservationConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Interceptors ebatsInterceptors(ObjectProvider<ObservationRegistry> registry) {
        return EbatsObservation.create(registry.getIfAvailable(() -> ObservationRegistry.NOOP)).interceptors();
    }
}
