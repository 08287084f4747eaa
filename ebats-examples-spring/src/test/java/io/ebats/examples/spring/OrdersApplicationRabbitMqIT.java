package io.ebats.examples.spring;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The order service on the RabbitMQ at 127.0.0.1:5672 (or {@code EBATS_TEST_BROKER_URI}). */
@Import(OrdersApplicationContract.TestBeans.class)
class OrdersApplicationRabbitMqIT extends OrdersApplicationContract {

    @DynamicPropertySource
    static void rabbitMq(DynamicPropertyRegistry registry) {
        registry.add("ebats.broker.uri",
                () -> System.getenv().getOrDefault("EBATS_TEST_BROKER_URI", "amqp://guest:guest@127.0.0.1:5672"));
    }
}
