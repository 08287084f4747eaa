package io.ebats.spring;

import io.ebats.Ebats;
import io.ebats.EventManager;
import io.ebats.dashboard.Dashboard;
import io.ebats.dashboard.TaskMetrics;
import io.ebats.store.HistoryStore;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dashboard of {@code ebats.dashboard.enabled=true}, when ebats-dashboard is on the class path: served on
 * {@code ebats.dashboard.bind}:{@code ebats.dashboard.port}, apart from the application's web server, with the
 * history store when there is one, and its own {@code /metrics} counted by a {@link TaskMetrics} attached to the
 * worker. Started with the context, stopped when it closes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Dashboard.class)
@ConditionalOnBooleanProperty("ebats.dashboard.enabled")
class EbatsDashboardConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EbatsDashboardConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    TaskMetrics ebatsDashboardMetrics() {
        return new TaskMetrics();
    }

    @Bean
    @ConditionalOnMissingBean
    Dashboard ebatsDashboard(Ebats ebats, EbatsProperties properties, EbatsSettings settings, EventManager events,
                             TaskMetrics metrics, ObjectProvider<HistoryStore> history) {
        EbatsProperties.Dashboard p = properties.getDashboard();
        Dashboard.Options options;
        try {
            options = Dashboard.Options.builder().bind(p.getBind()).port(p.getPort()).token(p.getToken())
                    .history(history.getIfUnique()).registry(events).topics(new HashSet<>(settings.topics()))
                    .metrics(metrics).build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("ebats.dashboard: " + e.getMessage(), e);
        }
        Dashboard dashboard = Dashboard.start(ebats, options);
        log.info("ebats dashboard: {}", p.getToken() == null ? dashboard.link() : dashboard.address());
        return dashboard;
    }
}
