package io.ebats.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.AttemptListener;
import io.ebats.Ebats;
import io.ebats.Event;
import io.ebats.HandlesTask;
import io.ebats.Outcome;
import io.ebats.TaskContext;
import io.ebats.embedded.EmbeddedBroker;
import io.ebats.test.EbatsExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The starter in applications on the embedded broker of ebats-test. */
@ExtendWith(EbatsExtension.class)
class EmbeddedBrokerStarterIT {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EbatsAutoConfiguration.class));
    private TestNamespace ns;
    private String topic;

    @BeforeEach
    void namespace(EmbeddedBroker broker) {
        ns = new TestNamespace(broker.uri());
        topic = ns.topic("demo");
    }

    @AfterEach
    void deleteNamespace() {
        ns.close();
    }

    @Test
    void aHandlerBeanRunsTheTaskRegisteredUnderAPublishedEvent() {
        runner.withUserConfiguration(ShippingApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic,
                        "ebats.registrations[0].event=order_paied", "ebats.registrations[0].task=virtualShipping",
                        "ebats.registrations[0].topic=" + topic))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(Ebats.class).publish(Event.named("order_paied").param("order_id", "FB1"));
                    Shipping shipping = context.getBean(Shipping.class);
                    await().atMost(TestNamespace.WAIT).until(() -> !shipping.shipped.isEmpty());
                    assertThat(shipping.shipped).containsExactly("FB1");

                    Health health = context.getBean("ebatsHealthIndicator", HealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("brokerType", "qpid")
                            .containsEntry("namespace", ns.namespace).containsEntry("worker", "running")
                            .containsEntry("inFlight", Map.of(topic, 0)).containsKey("brokerVersion");
                    assertThat(health.getDetails().get("topics")).asString().isEqualTo("[" + topic + "]");
                });
    }

    @Test
    void theHealthEndpointShowsEbatsUnlessDisabled() {
        ApplicationContextRunner actuator = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class,
                        HealthEndpointAutoConfiguration.class, EbatsAutoConfiguration.class))
                .withPropertyValues("management.endpoint.health.show-details=always");
        actuator.withPropertyValues(ns.properties()).run(context -> {
            HealthDescriptor ebats = context.getBean(HealthEndpoint.class).healthForPath("ebats");
            assertThat(ebats).isInstanceOfSatisfying(IndicatedHealthDescriptor.class, health -> {
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("namespace", ns.namespace);
            });
        });
        actuator.withPropertyValues(ns.properties("management.health.ebats.enabled=false"))
                .run(context -> assertThat(context).doesNotHaveBean("ebatsHealthIndicator"));
    }

    @Test
    void aScheduleOfThePropertiesFiresItsTask() {
        runner.withUserConfiguration(SlowApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic, "ebats.schedules[0].name=beat",
                        "ebats.schedules[0].every=1s", "ebats.schedules[0].task=beat",
                        "ebats.schedules[0].topic=" + topic, "ebats.schedules[0].misfire=skip"))
                .withBean(Beat.class, Beat::new)
                .run(context -> {
                    assertThat(context.getBean(EbatsSchedulesLifecycle.class).isRunning()).isTrue();
                    TestNamespace.Attempts attempts = context.getBean(TestNamespace.Attempts.class);
                    await().atMost(TestNamespace.WAIT).until(() -> attempts.of("beat").size() >= 2);
                });
    }

    @Test
    void theWorkerDoesNotStartWithoutHandlers() {
        runner.withPropertyValues(ns.properties("ebats.worker.topics=" + topic)).run(context -> {
            assertThat(context).hasNotFailed();
            EbatsWorkerLifecycle worker = context.getBean(EbatsWorkerLifecycle.class);
            assertThat(worker.isRunning()).isFalse();
            assertThat(worker.worker()).isNull();
            assertThat(context.getBean(EbatsSchedulerLifecycle.class).isRunning()).isFalse();
            Health health = context.getBean("ebatsHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("worker", "not started");
        });
    }

    @Test
    void theWorkerDoesNotStartWithoutTopics() {
        runner.withUserConfiguration(ShippingApp.class).withPropertyValues(ns.properties())
                .run(context -> assertThat(context.getBean(EbatsWorkerLifecycle.class).isRunning()).isFalse());
    }

    @Test
    void anEbatsBeanOfTheApplicationWins() {
        runner.withUserConfiguration(OwnEbatsApp.class).withPropertyValues(ns.properties("ebats.namespace=ignored"))
                .withBean(TestNamespace.class, () -> ns)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Ebats.class);
                    assertThat(context.getBean(Ebats.class).config().namespace()).isEqualTo(ns.namespace);
                    assertThat(context.getBean(OwnEbatsApp.class).created).isSameAs(context.getBean(Ebats.class));
                });
    }

    @Test
    void customizersAdjustTheConfig() {
        runner.withPropertyValues(ns.properties())
                .withBean("slowPublish", EbatsConfigCustomizer.class,
                        () -> config -> config.publishTimeout(Duration.ofSeconds(7)))
                .run(context -> assertThat(context.getBean(Ebats.class).config().publishTimeout())
                        .isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void aShutdownGraceLongerThanTheShutdownPhaseIsRefusedAtStart() {
        runner.withUserConfiguration(ShippingApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic, "ebats.worker.shutdown-grace=45s",
                        "spring.lifecycle.timeout-per-shutdown-phase=20s"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("ebats.worker.shutdown-grace (45s) is longer than "
                                    + "spring.lifecycle.timeout-per-shutdown-phase (20s)");
                });
    }

    @Test
    void closingTheContextLetsARunningTaskFinish() throws Exception {
        ConfigurableApplicationContext[] app = new ConfigurableApplicationContext[1];
        runner.withUserConfiguration(SlowApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic, "ebats.worker.shutdown-grace=20s"))
                .run(context -> {
                    app[0] = context;
                    SlowTask slow = context.getBean(SlowTask.class);
                    context.getBean(Ebats.class).tasks().create(topic, "slow", Map.of());
                    assertThat(slow.started.await(TestNamespace.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                    HealthIndicator health = context.getBean("ebatsHealthIndicator", HealthIndicator.class);
                    TestNamespace.Attempts attempts = context.getBean(TestNamespace.Attempts.class);
                    Thread closer = Thread.ofPlatform().start(context::close);
                    await().atMost(TestNamespace.WAIT)
                            .until(() -> health.health().getStatus().equals(Status.OUT_OF_SERVICE));
                    slow.release.countDown();
                    closer.join(TestNamespace.WAIT.toMillis());
                    assertThat(closer.isAlive()).isFalse();
                    assertThat(attempts.of("slow")).singleElement()
                            .satisfies(a -> assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED));
                    assertThat(slow.finished).isTrue();
                });
        assertThat(app[0].isActive()).isFalse();
    }

    @Test
    void healthIsDownOnceTheBrokerIsGone() throws Exception {
        Path data = Files.createTempDirectory("ebats-starter-broker");
        EmbeddedBroker own = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withDataDirectory(data)
                .withPort(EmbeddedBroker.ANY_FREE_PORT));
        TestNamespace alone = new TestNamespace(own.uri());
        String ownTopic = alone.topic("demo");
        try {
            runner.withUserConfiguration(ShippingApp.class)
                    .withPropertyValues(alone.properties("ebats.worker.topics=" + ownTopic))
                    .run(context -> {
                        HealthIndicator health = context.getBean("ebatsHealthIndicator", HealthIndicator.class);
                        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                        own.close();
                        await().atMost(TestNamespace.WAIT).until(() -> health.health().getStatus().equals(Status.DOWN));
                        assertThat(health.health().getDetails())
                                .containsEntry("reason", "the connection to the broker is closed");
                    });
        } finally {
            own.close();
        }
    }

    @Test
    void healthIsDownWhenTheWorkerStoppedWithoutBeingAsked() {
        runner.withUserConfiguration(ShippingApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic))
                .run(context -> {
                    HealthIndicator health = context.getBean("ebatsHealthIndicator", HealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    context.getBean(EbatsWorkerLifecycle.class).worker().close(); // not through the lifecycle
                    Health down = health.health();
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails()).containsEntry("reason", "the worker stopped unexpectedly")
                            .containsEntry("worker", "running");
                });
    }

    @Test
    void handlersRunOnVirtualThreadsWhenSpringsAre() {
        runner.withUserConfiguration(ThreadApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic, "spring.threads.virtual.enabled=true"))
                .run(context -> {
                    context.getBean(Ebats.class).tasks().create(topic, "where", Map.of());
                    Threads threads = context.getBean(Threads.class);
                    await().atMost(TestNamespace.WAIT).until(() -> !threads.seen.isEmpty());
                    assertThat(threads.seen).singleElement().satisfies(t -> {
                        assertThat(t.isVirtual()).isTrue();
                        assertThat(t.getName()).startsWith("ebats-handler-");
                    });
                });
    }

    @Test
    void handlersRunOnPlatformThreadsByDefaultAndWhenTold() {
        runner.withUserConfiguration(ThreadApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic, "spring.threads.virtual.enabled=true",
                        "ebats.worker.virtual-threads=false"))
                .run(context -> {
                    context.getBean(Ebats.class).tasks().create(topic, "where", Map.of());
                    Threads threads = context.getBean(Threads.class);
                    await().atMost(TestNamespace.WAIT).until(() -> !threads.seen.isEmpty());
                    assertThat(threads.seen).singleElement().satisfies(t -> assertThat(t.isVirtual()).isFalse());
                });
        runner.withUserConfiguration(ThreadApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic))
                .run(context -> {
                    context.getBean(Ebats.class).tasks().create(topic, "where", Map.of());
                    Threads threads = context.getBean(Threads.class);
                    await().atMost(TestNamespace.WAIT).until(() -> !threads.seen.isEmpty());
                    assertThat(threads.seen).singleElement().satisfies(t -> assertThat(t.isVirtual()).isFalse());
                });
    }

    /** Notes the thread each task ran on. */
    public static class Threads {
        final List<Thread> seen = new CopyOnWriteArrayList<>();

        @HandlesTask("where")
        public void where() {
            seen.add(Thread.currentThread());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ThreadApp {
        @Bean
        Threads threads() {
            return new Threads();
        }
    }

    /** Ships orders. */
    public static class Shipping {
        final List<String> shipped = new CopyOnWriteArrayList<>();

        @HandlesTask("virtualShipping")
        public void ship(Map<String, Object> order) {
            shipped.add((String) order.get("order_id"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ShippingApp {
        @Bean
        Shipping shipping() {
            return new Shipping();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEbatsApp {
        Ebats created;

        @Bean
        Ebats myEbats(TestNamespace ns) {
            created = Ebats.connect(ns.config());
            return created;
        }
    }

    /** A task that runs until released. */
    public static class SlowTask {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean finished;

        @HandlesTask("slow")
        public void run(TaskContext context) throws InterruptedException {
            started.countDown();
            release.await();
            finished = true;
        }
    }

    /** Beats. */
    public static class Beat {
        @HandlesTask("beat")
        public void beat() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SlowApp {
        @Bean
        SlowTask slowTask() {
            return new SlowTask();
        }

        @Bean
        TestNamespace.Attempts attempts() {
            return new TestNamespace.Attempts();
        }

        @Bean
        AttemptListener recordAttempts(TestNamespace.Attempts attempts) {
            return attempts.seen::add;
        }
    }
}
