package io.ebats.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Attempt;
import io.ebats.AttemptListener;
import io.ebats.Ebats;
import io.ebats.Event;
import io.ebats.HandlesTask;
import io.ebats.Outcome;
import io.ebats.TaskContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/** The starter in applications on the RabbitMQ of this machine, with PostgreSQL for transactions. */
class RabbitMqStarterIT {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    private TestNamespace ns;
    private String topic;

    @BeforeEach
    void namespace() {
        ns = new TestNamespace(TestNamespace.RABBITMQ_URI);
        topic = ns.topic("demo");
    }

    @AfterEach
    void deleteNamespace() {
        ns.close();
    }

    @Test
    void anApplicationWithOnlyTheStarterRunsTheTaskOfAPublishedEvent() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ShippingApplication.class)
                .web(WebApplicationType.NONE)
                .properties(ns.properties("ebats.worker.topics=" + topic,
                        "ebats.registrations[0].event=order_paied", "ebats.registrations[0].task=virtualShipping",
                        "ebats.registrations[0].topic=" + topic,
                        // the test class path has spring-boot-jdbc, which an application with only the starter lacks
                        "spring.autoconfigure.exclude=" + DataSourceAutoConfiguration.class.getName()))
                .run()) {
            context.getBean(Ebats.class).publish(Event.named("order_paied").param("order_id", "FB1"));
            Shipping shipping = context.getBean(Shipping.class);
            await().atMost(TestNamespace.WAIT).until(() -> !shipping.shipped.isEmpty());
            assertThat(shipping.shipped).containsExactly("FB1");
            assertThat(context.getBean(Ebats.class).brokerType().name()).isEqualTo("RABBITMQ");
        }
    }

    @Test
    void aTransactionalHandlerThatThrowsRollsItsInsertBackAndTheRetrySucceeds() {
        String table = "ebats_orders_" + ns.namespace.replace('-', '_');
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                        TransactionAutoConfiguration.class, EbatsAutoConfiguration.class))
                .withUserConfiguration(OrdersApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic,
                        "spring.datasource.url=" + POSTGRES, "spring.datasource.username=postgres",
                        "orders.table=" + table))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    jdbc.execute("create table " + table + " (order_id text not null, attempt int not null)");
                    try {
                        Orders orders = context.getBean(Orders.class);
                        assertThat(orders.getClass()).isNotEqualTo(Orders.class); // a transactional proxy
                        context.getBean(Ebats.class).tasks().create(topic, "recordOrder", Map.of("order_id", "FB1"));
                        List<Attempt> seen = context.getBean(Recorded.class).attempts;
                        await().atMost(TestNamespace.WAIT).until(() -> seen.stream()
                                .anyMatch(a -> a.outcome() == Outcome.SUCCEEDED));
                        assertThat(seen).extracting(Attempt::outcome)
                                .containsExactly(Outcome.RETRYING, Outcome.SUCCEEDED);
                        assertThat(jdbc.queryForList("select attempt from " + table, Integer.class))
                                .containsExactly(2);
                    } finally {
                        jdbc.execute("drop table if exists " + table);
                    }
                });
    }

    /** Ships orders. */
    public static class Shipping {
        final List<String> shipped = new CopyOnWriteArrayList<>();

        @HandlesTask("virtualShipping")
        public void ship(Map<String, Object> order) {
            shipped.add((String) order.get("order_id"));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ShippingApplication {
        @Bean
        Shipping shipping() {
            return new Shipping();
        }
    }

    /** Records orders in a table, in a transaction; the first attempt fails after its insert. */
    public static class Orders {
        private final JdbcTemplate jdbc;
        private final String table;

        public Orders(JdbcTemplate jdbc, String table) {
            this.jdbc = jdbc;
            this.table = table;
        }

        @Transactional
        @HandlesTask("recordOrder")
        public void record(Map<String, Object> order, TaskContext context) {
            jdbc.update("insert into " + table + " (order_id, attempt) values (?, ?)", order.get("order_id"),
                    context.attempt());
            if (context.attempt() == 1) {
                throw new IllegalStateException("the warehouse is not answering");
            }
        }
    }

    /** The attempts heard. */
    static final class Recorded {
        final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    }

    @Configuration(proxyBeanMethods = false)
    static class OrdersApp {
        @Bean
        Orders orders(JdbcTemplate jdbc, Environment env) {
            return new Orders(jdbc, env.getRequiredProperty("orders.table"));
        }

        @Bean
        Recorded recorded() {
            return new Recorded();
        }

        @Bean
        AttemptListener recordAttempts(Recorded recorded) {
            return recorded.attempts::add;
        }
    }
}
