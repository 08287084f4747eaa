package io.ebats.examples.spring;

import io.ebats.BrokerSettings;
import io.ebats.embedded.EmbeddedBroker;
import io.ebats.spring.EbatsConfigCustomizer;
import java.io.IOException;
import java.nio.file.Files;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The order service on an embedded broker of its own: a bean of the test context, so that it stops after the
 * application closed its connections.
 */
@Import({OrdersApplicationContract.TestBeans.class, OrdersApplicationEmbeddedBrokerIT.Broker.class})
class OrdersApplicationEmbeddedBrokerIT extends OrdersApplicationContract {

    @TestConfiguration(proxyBeanMethods = false)
    static class Broker {
        @Bean(destroyMethod = "close")
        EmbeddedBroker embeddedBroker() throws IOException {
            return EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                    .withDataDirectory(Files.createTempDirectory("ebats-orders-broker"))
                    .withPort(EmbeddedBroker.ANY_FREE_PORT));
        }

        @Bean
        EbatsConfigCustomizer onTheEmbeddedBroker(EmbeddedBroker broker) {
            return config -> config.broker(BrokerSettings.uri(broker.uri()));
        }
    }
}
