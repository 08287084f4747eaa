package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An unreachable broker and messages the broker cannot route: never "published" without a confirm. */
class BrokerFailuresIT extends BrokerTestSupport {

    @Test
    void connectingToAnUnreachableBrokerFailsQuicklyWithAClearEbatsException() {
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> Ebats.connect("amqp://guest:guest@127.0.0.1:1"))
                .isInstanceOf(EbatsException.class)
                .hasMessageContaining("cannot connect to the broker at amqp://127.0.0.1:1")
                .hasMessageNotContaining("guest");

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void connectingToAHostThatNeverAnswersFailsWithinTheConnectionTimeout() {
        // 10.255.255.1 is not routed: either no answer at all (the timeout) or at once "unreachable"
        EbatsConfig silent = config().toBuilder().broker(BrokerSettings.builder().uri("amqp://10.255.255.1:5672")
                .connectionTimeout(Duration.ofMillis(1500)).build())
                .build();
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> Ebats.connect(silent))
                .isInstanceOf(EbatsException.class)
                .hasMessageContaining("cannot connect to the broker at amqp://10.255.255.1:5672");

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void connectingWithWrongCredentialsFailsWithoutRevealingThePassword() {
        URI broker = URI.create(BROKER_URI);
        String wrong = "amqp://nobody:S3cretPassw0rd@" + broker.getHost() + ":" + port(broker);

        assertThatThrownBy(() -> Ebats.connect(config().toBuilder().broker(BrokerSettings.uri(wrong)).build()))
                .isInstanceOf(EbatsException.class)
                .hasMessageContaining("cannot connect to the broker")
                .hasMessageNotContaining("S3cretPassw0rd");
    }

    @Test
    void taskForATopicWhoseQueueWasDeletedBehindTheEnginesBackIsAPublishException() throws Exception {
        String topic = topic("vanished");
        ebats.tasks().create(topic, "t", null); // declares the topic's queue once for this process
        try (Channel ch = rawConnection().createChannel()) {
            ch.queueDelete(taskQueue(topic));
        }

        assertThatThrownBy(() -> ebats.tasks().create(topic, "t", null))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("could not be routed");
        ebats.tasks().create(topic, "t", null); // the failure made the engine declare the queue again
        assertThat(ready(taskQueue(topic))).isEqualTo(1);
    }

    @Test
    void eventWithoutTheSchedulerQueueIsAPublishException() throws Exception {
        ebats.publish(Event.named("first")); // declares the events exchange and the scheduler queue
        try (Channel ch = rawConnection().createChannel()) {
            ch.queueDelete(namespace + ".scheduler");
        }

        assertThatThrownBy(() -> ebats.publish(Event.named("second")))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("could not be routed");
        ebats.publish(Event.named("third"));
        assertThat(ready(namespace + ".scheduler")).isEqualTo(1);
    }

    @Test
    void publishingWithAClosedInstanceIsAPublishException() {
        ebats.publish(Event.named("before"));
        ebats.close();

        assertThatThrownBy(() -> ebats.publish(Event.named("after"))).isInstanceOf(PublishException.class);
    }

    @Test
    void publishingWhileTheBrokerIsUnreachableFailsWithinTheBoundAndWorksAgainOnceItIsBack() throws Exception {
        URI broker = URI.create(BROKER_URI);
        String after;
        try (TcpProxy proxy = new TcpProxy(broker.getHost(), port(broker));
             Ebats viaProxy = Ebats.connect(config().toBuilder().publishTimeout(Duration.ofSeconds(2))
                     .broker(BrokerSettings.uri(throughProxy(broker, proxy))).build())) {
            viaProxy.publish(Event.named("before").id("before-1"));

            proxy.cut();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> viaProxy.publish(Event.named("during").id("during-1")))
                    .isInstanceOf(PublishException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));

            proxy.restore();
            AtomicReference<String> published = new AtomicReference<>();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(PublishException.class)
                    .until(() -> published.compareAndSet(null, viaProxy.publish(Event.named("after"))));
            after = published.get();
        }
        List<String> queued = new ArrayList<>();
        try (Channel ch = rawConnection().createChannel()) {
            GetResponse message;
            while ((message = ch.basicGet(namespace + ".scheduler", true)) != null) {
                queued.add(message.getProps().getMessageId());
            }
        }
        assertThat(queued).contains("before-1", after).doesNotContain("during-1");
    }

    @Test
    void asyncTaskOfATopicWhoseQueueWasDeletedFailsItsFutureWithAPublishException() throws Exception {
        String topic = topic("vanished-async");
        ebats.tasks().createAsync(NewTask.of(topic, "t", null)).get(10, TimeUnit.SECONDS);
        try (Channel ch = rawConnection().createChannel()) {
            ch.queueDelete(taskQueue(topic));
        }

        assertThatThrownBy(() -> ebats.tasks().createAsync(NewTask.of(topic, "t", null)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PublishException.class).hasMessageContaining("could not be routed");
        ebats.tasks().createAsync(NewTask.of(topic, "t", null)).get(10, TimeUnit.SECONDS);
        assertThat(ready(taskQueue(topic))).isEqualTo(1);
    }

    @Test
    void asyncPublishesTheBrokerNeverConfirmsFailWithinThePublishTimeout() throws Exception {
        URI broker = URI.create(BROKER_URI);
        try (TcpProxy proxy = new TcpProxy(broker.getHost(), port(broker));
             Ebats viaProxy = Ebats.connect(config().toBuilder().publishTimeout(Duration.ofSeconds(1))
                     .broker(BrokerSettings.uri(throughProxy(broker, proxy))).build())) {
            viaProxy.publish(Event.named("before"));

            proxy.silence();
            long t0 = System.nanoTime();
            List<CompletableFuture<String>> unanswered = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                unanswered.add(viaProxy.publishAsync(Event.named("during")));
            }
            for (CompletableFuture<String> future : unanswered) {
                assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(PublishException.class).hasMessageContaining("within 1000 ms");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            proxy.speak();
        }
    }

    @Test
    void workerWhoseConnectionDropsRecoversByItselfAndRunsLaterTasks() throws Exception {
        String topic = topic("recover");
        URI broker = URI.create(BROKER_URI);
        try (TcpProxy proxy = new TcpProxy(broker.getHost(), port(broker));
             Ebats viaProxy = Ebats.connect(config().toBuilder()
                     .broker(BrokerSettings.uri(throughProxy(broker, proxy))).build())) {
            viaProxy.worker().topic(topic).handle("t", (p, ctx) -> { }).listener(attempts::add).start();
            ebats.tasks().create(topic, "t", params("n", 1));
            await().atMost(WAIT).until(() -> attempts.size() == 1);

            proxy.cut();
            String during = ebats.tasks().create(topic, "t", params("n", 2));
            proxy.restore();

            await().atMost(WAIT).until(() -> attempts.size() >= 2);
            assertThat(attemptsOf(during)).extracting(Attempt::outcome).contains(Outcome.SUCCEEDED);
            await().atMost(WAIT).until(() -> status(topic).ready() == 0);
        }
    }

    private static int port(URI uri) {
        return uri.getPort() < 0 ? 5672 : uri.getPort();
    }

    private static String throughProxy(URI broker, TcpProxy proxy) {
        String userInfo = broker.getRawUserInfo() == null ? "" : broker.getRawUserInfo() + "@";
        String path = broker.getRawPath() == null ? "" : broker.getRawPath();
        return broker.getScheme() + "://" + userInfo + "127.0.0.1:" + proxy.port() + path;
    }
}
