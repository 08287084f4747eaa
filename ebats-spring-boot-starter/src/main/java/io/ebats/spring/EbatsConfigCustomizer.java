package io.ebats.spring;

import io.ebats.EbatsConfig;

/**
 * Adjusts the {@link EbatsConfig} built from the {@code ebats.*} properties before the {@code Ebats} bean connects
 * with it: for what properties cannot say, or to compute a value. Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order} order; none is applied when the application defines its own
 * {@code EbatsConfig} bean.
 *
 * <pre>{@code
 * @Bean
 * EbatsConfigCustomizer namespacePerTenant(Tenant tenant) {
 *     return config -> config.namespace("orders-" + tenant.id());
 * }
 * }</pre>
 *
 * <p>Called once, on the thread that creates the beans.
 */
@FunctionalInterface
public interface EbatsConfigCustomizer {

    /** Changes settings on {@code config}, which holds the properties' values. */
    void customize(EbatsConfig.Builder config);
}
