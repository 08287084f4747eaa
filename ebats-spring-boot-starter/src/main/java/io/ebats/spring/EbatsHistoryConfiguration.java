package io.ebats.spring;

import io.ebats.Cancellations;
import io.ebats.Ebats;
import io.ebats.store.HistorySettings;
import io.ebats.store.HistoryStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The history store of {@code ebats.history.url}, when ebats-store is on the class path. Being an attempt listener,
 * a record of succeeded tasks, of settled ones and of cancels and a store of unique keys, it records the worker's
 * attempts, lets the worker skip tasks that already succeeded and honour cancels, serves schedules with
 * {@code overlap: skip} and holds the unique keys of registrations for the scheduler; and the
 * {@link Cancellations} that hold their cancels in it. Closed with the context, which flushes the attempts not yet
 * written.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HistoryStore.class)
@ConditionalOnProperty("ebats.history.url")
class EbatsHistoryConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HistoryStore ebatsHistoryStore(EbatsProperties properties) {
        EbatsProperties.History p = properties.getHistory();
        HistorySettings.Builder settings;
        try {
            settings = HistorySettings.jdbc(p.getUrl(), p.getUser(), p.getPassword());
            settings.schema(p.getSchema());
            if (p.getRetention() != null) {
                settings.retention(p.getRetention());
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException("ebats.history.url", masked(p.getUrl()),
                    e.getMessage());
        }
        try {
            return HistoryStore.open(settings.build());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot open the history database of ebats.history.url ("
                    + masked(p.getUrl()) + "): " + e.getMessage(), e);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    Cancellations ebatsCancellations(Ebats ebats, HistoryStore history) {
        return ebats.cancellations(history);
    }

    private static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
