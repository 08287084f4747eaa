package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class SeedFlowIT extends BrokerTestSupport {

    @Test
    void publishedEventRunsItsRegisteredTaskOnce() {
        String topic = topic("demo");
        ConcurrentLinkedQueue<Map<String, Object>> shipped = new ConcurrentLinkedQueue<>();
        ebats.startScheduler(new EventManager().register("order_paied", "virtualShipping", topic));
        ebats.worker().topic(topic)
                .handle("virtualShipping", (params, ctx) -> shipped.add(params))
                .listener(attempts::add)
                .start();

        String eventId = ebats.publish(Event.named("order_paied").param("order_id", "FB1"));

        await().atMost(Duration.ofSeconds(15)).until(() -> attempts.size() == 1);
        Attempt attempt = attempts.peek();
        assertThat(attempt.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(attempt.taskName()).isEqualTo("virtualShipping");
        assertThat(attempt.topic()).isEqualTo(topic);
        assertThat(attempt.eventId()).isEqualTo(eventId);
        assertThat(attempt.attempt()).isEqualTo(1);
        assertThat(attempt.params()).contains("FB1");
        assertThat(shipped).containsExactly(Map.of("order_id", "FB1"));
    }

    @Test
    void delayedTaskRunsNoEarlierThanItsDelay() {
        String topic = topic("demo");
        ebats.startScheduler(new EventManager().register("order_create", "closeOrder", topic, Duration.ofSeconds(2)));
        ebats.worker().topic(topic).handle("closeOrder", (p, ctx) -> { }).listener(attempts::add).start();

        long published = System.currentTimeMillis();
        ebats.publish(Event.named("order_create").param("order_id", "FB2"));

        await().atMost(Duration.ofSeconds(15)).until(() -> attempts.size() == 1);
        List<Attempt> done = List.copyOf(attempts);
        assertThat(done.get(0).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.get(0).startedAt().toEpochMilli() - published).isGreaterThanOrEqualTo(2000);
    }
}
