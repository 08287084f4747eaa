package io.ebats.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Cancellation;
import io.ebats.Cancellations;
import io.ebats.Ebats;
import io.ebats.NewTask;
import io.ebats.Outcome;
import io.ebats.Scheduler;
import io.ebats.dashboard.Dashboard;
import io.ebats.embedded.EmbeddedBroker;
import io.ebats.store.HistoryStore;
import io.ebats.test.EbatsExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The history store of {@code ebats.history.url} in the PostgreSQL at 127.0.0.1:5432 (a schema of each test's,
 * dropped afterwards) and the dashboard of {@code ebats.dashboard.enabled}, on the embedded broker.
 */
@ExtendWith(EbatsExtension.class)
class HistoryAndDashboardStarterIT {

    private static final String POSTGRES = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_USER", "postgres");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EbatsAutoConfiguration.class));
    private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private TestNamespace ns;
    private String topic;

    @BeforeEach
    void namespace(EmbeddedBroker broker) {
        ns = new TestNamespace(broker.uri());
        topic = ns.topic("history");
    }

    @AfterEach
    void deleteNamespaceAndSchema() throws Exception {
        ns.close();
        try (Connection c = DriverManager.getConnection(POSTGRES, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private String[] historyProperties(String... more) {
        List<String> all = new ArrayList<>(List.of("ebats.history.url=" + POSTGRES + "?currentSchema=" + schema,
                "ebats.history.user=" + USER, "ebats.history.schema=" + schema, "ebats.worker.topics=" + topic));
        all.addAll(List.of(more));
        return ns.properties(all.toArray(String[]::new));
    }

    @Test
    void theAttemptsOfARunTaskAreRecordedInPostgresql() {
        runner.withUserConfiguration(EmbeddedBrokerStarterIT.ShippingApp.class)
                .withPropertyValues(historyProperties())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(HistoryStore.class)
                            .doesNotHaveBean(Dashboard.class);
                    String taskId = context.getBean(Ebats.class).tasks().create(topic, "virtualShipping",
                            Map.of("order_id", "FB1"));
                    await().atMost(TestNamespace.WAIT).until(() -> outcomes(taskId).contains("SUCCEEDED"));
                    assertThat(outcomes(taskId)).containsExactly(Outcome.SUCCEEDED.name());
                });
    }

    @Test
    void aDelayedTaskCancelledThroughTheCancellationsBeanIsNotRunByTheWorker() {
        runner.withUserConfiguration(EmbeddedBrokerStarterIT.ShippingApp.class)
                .withPropertyValues(historyProperties())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Cancellations.class);
                    String taskId = context.getBean(Ebats.class).tasks().create(NewTask.of(topic,
                            "virtualShipping", Map.of("order_id", "FB3")).withDelay(Duration.ofSeconds(1)));
                    Cancellation c = context.getBean(Cancellations.class).cancel(taskId);
                    assertThat(c.result()).isEqualTo(Cancellation.Result.CANCELLED);
                    await().atMost(TestNamespace.WAIT).until(() -> !outcomes(taskId).isEmpty());
                    assertThat(outcomes(taskId)).containsExactly(Outcome.CANCELLED.name());
                });
    }

    @Test
    void aScheduleWithOverlapSkipRunsWithTheHistory() {
        runner.withUserConfiguration(EmbeddedBrokerStarterIT.SlowApp.class)
                .withBean(EmbeddedBrokerStarterIT.Beat.class, EmbeddedBrokerStarterIT.Beat::new)
                .withPropertyValues(historyProperties("ebats.schedules[0].name=beat", "ebats.schedules[0].every=1s",
                        "ebats.schedules[0].task=beat", "ebats.schedules[0].topic=" + topic,
                        "ebats.schedules[0].misfire=skip", "ebats.schedules[0].overlap=skip"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    TestNamespace.Attempts attempts = context.getBean(TestNamespace.Attempts.class);
                    await().atMost(TestNamespace.WAIT).until(() -> attempts.of("beat").size() >= 2);
                });
    }

    @Test
    void aRegistrationWithAUniqueKeyCreatesOneTaskPerKeyThroughTheHistoryStore() {
        runner.withUserConfiguration(EmbeddedBrokerStarterIT.ShippingApp.class)
                .withPropertyValues(historyProperties("ebats.registrations[0].event=order_paied",
                        "ebats.registrations[0].task=virtualShipping", "ebats.registrations[0].topic=" + topic,
                        "ebats.registrations[0].unique.key=order:{order_id}", "ebats.registrations[0].unique.for=1m"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Ebats ebats = context.getBean(Ebats.class);
                    Scheduler scheduler = (Scheduler) context.getBean(EbatsSchedulerLifecycle.class).current();
                    EmbeddedBrokerStarterIT.Shipping shipping = context.getBean(EmbeddedBrokerStarterIT.Shipping.class);
                    ebats.publish("order_paied", Map.of("order_id", "FB1"));
                    ebats.publish("order_paied", Map.of("order_id", "FB1"));
                    ebats.publish("order_paied", Map.of("order_id", "FB2"));
                    await().atMost(TestNamespace.WAIT).until(() -> scheduler.dispatchedEvents() == 3
                            && shipping.shipped.size() == 2);
                    assertThat(scheduler.skippedUniqueTasks()).isEqualTo(1);
                    assertThat(shipping.shipped).containsExactlyInAnyOrder("FB1", "FB2");
                    HistoryStore history = context.getBean(HistoryStore.class);
                    await().atMost(TestNamespace.WAIT).until(() -> history.uniqueKeyHolder("order:FB1") != null
                            && history.uniqueKeyHolder("order:FB1").state().equals("SUCCEEDED"));
                });
    }

    @Test
    void aRegistrationWithAUniqueKeyIsRefusedAtStartWithoutTheHistory() {
        runner.withUserConfiguration(EmbeddedBrokerStarterIT.ShippingApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic,
                        "ebats.registrations[0].event=order_paied", "ebats.registrations[0].task=virtualShipping",
                        "ebats.registrations[0].topic=" + topic, "ebats.registrations[0].unique.key=order:{order_id}"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class)
                            .hasMessage("registration order_paied -> virtualShipping on " + topic + " has unique key "
                                    + "order:{order_id}, which needs the history store to hold the keys: set "
                                    + "ebats.history.url (with ebats-store on the class path) or define a "
                                    + "UniqueKeys bean");
                });
    }

    @Test
    void theDashboardAnswersWhenEnabledWithTheHistory() {
        runner.withUserConfiguration(EmbeddedBrokerStarterIT.ShippingApp.class)
                .withPropertyValues(historyProperties("ebats.dashboard.enabled=true", "ebats.dashboard.port=0"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Dashboard dashboard = context.getBean(Dashboard.class);
                    String taskId = context.getBean(Ebats.class).tasks().create(topic, "virtualShipping",
                            Map.of("order_id", "FB2"));
                    HttpClient http = HttpClient.newHttpClient();
                    await().atMost(TestNamespace.WAIT).until(() -> get(http, dashboard.address()
                            .resolve("/api/tasks/" + taskId)).statusCode() == 200);
                    assertThat(get(http, dashboard.address().resolve("/api/tasks/" + taskId)).body())
                            .contains("SUCCEEDED").contains("FB2");
                    HttpResponse<String> overview = get(http, dashboard.address().resolve("/api/overview"));
                    assertThat(overview.statusCode()).isEqualTo(200);
                    assertThat(overview.body()).contains(topic);
                    assertThat(get(http, dashboard.address().resolve("/metrics")).body())
                            .contains("ebats_tasks_total{outcome=\"succeeded\",task=\"virtualShipping\",topic=\""
                                    + topic + "\"} 1.0");
                });
    }

    @Test
    void noHistoryNorDashboardByDefault() {
        runner.withUserConfiguration(EmbeddedBrokerStarterIT.ShippingApp.class)
                .withPropertyValues(ns.properties("ebats.worker.topics=" + topic))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(HistoryStore.class)
                        .doesNotHaveBean(Dashboard.class));
    }

    @Test
    void withoutTheirModulesThePropertiesAddNothing() {
        runner.withClassLoader(new FilteredClassLoader(HistoryStore.class, Dashboard.class))
                .withUserConfiguration(EmbeddedBrokerStarterIT.ShippingApp.class)
                .withPropertyValues(historyProperties("ebats.dashboard.enabled=true", "ebats.dashboard.port=0"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("ebatsHistoryStore")
                        .doesNotHaveBean("ebatsDashboard").hasSingleBean(EbatsWorkerLifecycle.class));
    }

    @Test
    void aScheduleWithOverlapSkipIsRefusedWithoutTheHistory() {
        runner.withPropertyValues(ns.properties("ebats.schedules[0].name=beat", "ebats.schedules[0].every=1s",
                        "ebats.schedules[0].task=beat", "ebats.schedules[0].topic=" + topic,
                        "ebats.schedules[0].overlap=skip"))
                .run(context -> assertThat(context).hasFailed());
    }

    private List<String> outcomes(String taskId) throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES, USER, "");
             PreparedStatement q = c.prepareStatement("select outcome from " + schema
                     + ".ebats_attempt where task_id = ? order by attempt")) {
            q.setString(1, taskId);
            List<String> outcomes = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(rs.getString(1));
                }
            }
            return outcomes;
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
