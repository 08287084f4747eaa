package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A task that keeps coming back unsettled (it kills its workers) is dead-lettered instead of looping forever. */
class RedeliveryLimitIT extends BrokerTestSupport {

    @Test
    void taskDeliveredTwentyTimesWithoutSettlementIsDeadLetteredWithoutRunning() throws Exception {
        String topic = topic("poison");
        String id = ebats.tasks().create(topic, "crash", null);
        long lastCount = 0;
        try (Channel ch = rawConnection().createChannel()) {
            for (int i = 0; i < 20; i++) { // what 20 crashing workers leave behind
                GetResponse got = ch.basicGet(taskQueue(topic), false);
                assertThat(got).as("delivery %d", i + 1).isNotNull();
                Object count = got.getProps().getHeaders() == null ? null
                        : got.getProps().getHeaders().get("x-delivery-count");
                lastCount = count == null ? 0 : ((Number) count).longValue();
                ch.basicNack(got.getEnvelope().getDeliveryTag(), false, true);
            }
        }
        assertThat(lastCount).as("the quorum queue counts deliveries").isEqualTo(19);

        AtomicInteger ran = new AtomicInteger();
        ebats.worker().topic(topic).handle("crash", (p, ctx) -> ran.incrementAndGet()).listener(attempts::add).start();

        await().atMost(WAIT).until(() -> ebats.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
        DeadLetter dead = ebats.deadLetters().list(DeadLetterSource.topic(topic), 1).get(0);
        assertThat(dead.id()).isEqualTo(id);
        assertThat(dead.reason()).isEqualTo("redelivery-limit");
        assertThat(dead.errorMessage()).contains("delivered 20 times");
        assertThat(ran).hasValue(0);
        assertThat(attempts).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo(Outcome.DEAD));
    }
}
