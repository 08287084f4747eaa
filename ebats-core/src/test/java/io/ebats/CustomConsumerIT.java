package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's custom scheduler: any exchange, a queue of its own, messages turned into tasks. */
class CustomConsumerIT extends BrokerTestSupport {

    private static final String PAID = "shop1.pay.WAIT_SELLER_SEND_GOODS";

    private String exchange;
    private String queue;
    private String topic;

    @BeforeEach
    void names() {
        exchange = unique("order_fanout");
        queue = unique("shzf_order_paied");
        topic = topic("demo");
        deleteAfterwards(List.of(queue, deadConsumerQueue(queue)), exchange);
    }

    @Test
    void matchingMessageBecomesAnOrderAsyncTaskAndOthersAreNotConsumed() throws Exception {
        ConcurrentLinkedQueue<String> keys = new ConcurrentLinkedQueue<>();
        CustomConsumer consumer = ebats.consumer()
                .exchange(exchange, ExchangeType.TOPIC)
                .queue(queue, "*.*.WAIT_SELLER_SEND_GOODS")
                .start((key, msg) -> {
                    keys.add(key);
                    ebats.tasks().create(topic, "orderAsync", msg.json());
                });
        ebats.worker().topic(topic).listener(attempts::add).handle("orderAsync", (p, ctx) -> { }).start();

        publishRawUnrouted(exchange, "shop1.pay.TRADE_CLOSED", json(), "{\"order_id\":\"FB0\"}");
        publishRawUnrouted(exchange, "pay.WAIT_SELLER_SEND_GOODS", json(), "{\"order_id\":\"FB1\"}");
        publishRawUnrouted(exchange, "a.shop1.pay.WAIT_SELLER_SEND_GOODS", json(), "{\"order_id\":\"FB2\"}");
        publishRaw(exchange, PAID, json(), "{\"order_id\":\"FB9\",\"amount\":10}");

        await().atMost(WAIT).until(() -> attempts.size() == 1);
        Attempt task = attempts.peek();
        assertThat(task.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(task.taskName()).isEqualTo("orderAsync");
        assertThat(task.topic()).isEqualTo(topic);
        assertThat(task.params()).isEqualTo("{\"order_id\":\"FB9\",\"amount\":10}");
        assertThat(keys).containsExactly(PAID);
        assertThat(consumer.handled()).isEqualTo(1);
        assertThat(ready(queue)).isZero();
        assertThat(ebats.deadLetters().count(DeadLetterSource.consumer(queue))).isZero();
    }

    @Test
    void messageWhoseHandlerThrowsIsDeadLetteredAndReplayBringsItBackToTheConsumer() throws Exception {
        AtomicBoolean downstreamUp = new AtomicBoolean(false);
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        CustomConsumer consumer = ebats.consumer()
                .exchange(exchange, ExchangeType.TOPIC)
                .queue(queue, "*.*.WAIT_SELLER_SEND_GOODS")
                .start((key, msg) -> {
                    seen.add(key + " " + msg.messageId() + " " + msg.text());
                    if (!downstreamUp.get()) {
                        throw new IllegalStateException("downstream unavailable");
                    }
                    ebats.tasks().create(topic, "orderAsync", msg.json());
                });
        ebats.worker().topic(topic).listener(attempts::add).handle("orderAsync", (p, ctx) -> { }).start();

        publishRaw(exchange, PAID, jsonBuilder().messageId("msg-1").build(), "{\"order_id\":\"FB9\"}");

        DeadLetterSource source = DeadLetterSource.consumer(queue);
        await().atMost(WAIT).until(() -> ebats.deadLetters().count(source) == 1);
        DeadLetter dead = ebats.deadLetters().list(source, 10).get(0);
        assertThat(dead.id()).isEqualTo("msg-1");
        assertThat(dead.source()).isEqualTo(source);
        assertThat(dead.reason()).isEqualTo("consumer-error");
        assertThat(dead.errorClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(dead.errorMessage()).isEqualTo("downstream unavailable");
        assertThat(dead.stack()).contains("IllegalStateException: downstream unavailable");
        assertThat(dead.body()).isEqualTo("{\"order_id\":\"FB9\"}");
        assertThat(dead.name()).isEqualTo(PAID);
        assertThat(consumer.handled()).isZero();
        assertThat(ready(queue)).isZero();

        downstreamUp.set(true);
        assertThat(ebats.deadLetters().replay(source, "msg-1")).isTrue();

        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attempts.peek().params()).isEqualTo("{\"order_id\":\"FB9\"}");
        assertThat(seen).containsExactly(PAID + " msg-1 {\"order_id\":\"FB9\"}", PAID + " msg-1 {\"order_id\":\"FB9\"}");
        assertThat(consumer.handled()).isEqualTo(1);
        assertThat(ebats.deadLetters().count(source)).isZero();
    }

    @Test
    void consumerQueueInsideTheNamespaceIsRefused() {
        assertThatThrownBy(() -> ebats.consumer().queue(namespace + ".mine", "#"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> ebats.consumer().exchange(exchange, ExchangeType.TOPIC).queue(queue).start((k, m) -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("binding key");
    }

    private static AMQP.BasicProperties.Builder jsonBuilder() {
        return new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2)
                .headers(Map.of("source", "shop"));
    }

    private static AMQP.BasicProperties json() {
        return jsonBuilder().build();
    }
}
