package io.ebats.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small order service: {@code POST /orders/{id}/paid} publishes {@code order_paied}, the registration of
 * {@code application.properties} turns it into a {@code virtualShipping} task, and {@link Shipping} runs it.
 * {@code /actuator/health} shows ebats, {@code /actuator/prometheus} its task meters.
 */
@SpringBootApplication
public class OrdersApplication {

    /** Starts the service; {@code ebats.broker.uri} says where the broker is. */
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
