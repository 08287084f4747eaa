package io.ebats.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebats.Ebats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The order service started whole on a random port against a broker, in a namespace of its own whose queues are
 * deleted when the context closes: a POST publishes the event, the shipping task runs, the health shows ebats UP and Prometheus
 * counts the task. Logs the application's start time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class OrdersApplicationContract {

    private static final Logger log = LoggerFactory.getLogger(OrdersApplicationContract.class);
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final int DELAY_LEVELS = 22;
    /** The namespace of the test class, with a delay ladder of its own; deleted afterwards. */
    private static String namespace;

    @LocalServerPort
    int port;
    @Autowired
    Shipping shipping;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Puts the application in a namespace of the test class's. */
    @DynamicPropertySource
    static void namespace(DynamicPropertyRegistry registry) {
        String ns = "test-" + UUID.randomUUID().toString().substring(0, 8);
        namespace = ns;
        registry.add("ebats.namespace", () -> ns);
        registry.add("ebats.delay-ladder", () -> ns + ".ladder");
        registry.add("ebats.delay-levels", () -> DELAY_LEVELS);
    }

    @Test
    void aPaidOrderIsShippedAndShowsInHealthAndPrometheus() throws Exception {
        HttpResponse<String> paid = http.send(HttpRequest.newBuilder(url("/orders/FB42/paid"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(paid.statusCode()).isEqualTo(202);
        assertThat(paid.body()).contains("\"order_id\":\"FB42\"").contains("event_id");

        await().atMost(WAIT).until(() -> shipping.hasShipped("FB42"));

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode ebats = new ObjectMapper().readTree(health.body()).at("/components/ebats");
        assertThat(ebats.path("status").asText()).isEqualTo("UP");
        assertThat(ebats.at("/details/namespace").asText()).isEqualTo(namespace);
        assertThat(ebats.at("/details/worker").asText()).isEqualTo("running");

        await().atMost(WAIT).until(() -> get("/actuator/prometheus").body().contains(
                "ebats_tasks_total{outcome=\"succeeded\",task=\"virtualShipping\",topic=\"orders\"} 1.0"));
        assertThat(get("/actuator/prometheus").body())
                .contains("ebats_task_duration_seconds_count{task=\"virtualShipping\",topic=\"orders\"} 1");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * Logs Spring's start time of the application ("Started ... in X seconds"), and deletes the namespace's queues
     * and exchanges when the context closes, once the worker and scheduler stopped (a later phase) and before the
     * {@link Ebats} bean is closed.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        @Bean
        ApplicationListener<ApplicationReadyEvent> logStartTime() {
            return event -> log.info("the order service started in {} ms", event.getTimeTaken().toMillis());
        }

        @Bean
        SmartLifecycle deleteNamespaceWhenStopped(Ebats ebats) {
            return new SmartLifecycle() {
                private volatile boolean running;

                @Override
                public void start() {
                    running = true;
                }

                @Override
                public void stop() {
                    running = false;
                    ebats.deleteTopology(List.of("orders"));
                }

                @Override
                public boolean isRunning() {
                    return running;
                }

                @Override
                public int getPhase() {
                    return 0;
                }
            };
        }
    }
}
