package io.ebats.internal.interception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import io.ebats.HandlerResult;
import io.ebats.HandlerScope;
import io.ebats.Handling;
import io.ebats.Interceptors;
import io.ebats.OutgoingMessage;
import io.ebats.Outcome;
import io.ebats.PublishException;
import io.ebats.PublishKind;
import io.ebats.internal.message.Headers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The chain of publish interceptors and the nesting of handler scopes, without a broker. */
class InterceptionTest {

    private static final AMQP.BasicProperties TASK = new AMQP.BasicProperties.Builder().messageId("id-1").type("ship")
            .headers(Map.of(Headers.ATTEMPT, 2, Headers.TOPIC, "orders", Headers.EVENT_ID, "event-1",
                    Headers.EVENT, "order_paied", "tracestate", "k=v"))
            .build();

    private final AtomicReference<AMQP.BasicProperties> sent = new AtomicReference<>();

    @Test
    void anInterceptorSeesWhatIsPublishedAndWhereAndItsHeadersAreSent() {
        AtomicReference<OutgoingMessage> seen = new AtomicReference<>();
        Interception interception = new Interception(Interceptors.builder().publish((message, publish) -> {
            seen.set(message);
            message.header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            return publish.send();
        }).build());

        CompletableFuture<Void> confirmed = publish(interception);

        assertThat(confirmed).isCompleted();
        OutgoingMessage message = seen.get();
        assertThat(message).extracting(OutgoingMessage::kind, OutgoingMessage::destination, OutgoingMessage::exchange,
                        OutgoingMessage::routingKey, OutgoingMessage::messageId, OutgoingMessage::name,
                        OutgoingMessage::attempt)
                .containsExactly(PublishKind.RETRY, "ebats.task.orders", "ebats.tasks", "orders", "id-1", "ship", 2);
        assertThat(message.topic()).contains("orders");
        assertThat(message.eventId()).contains("event-1");
        assertThat(message.eventName()).contains("order_paied");
        assertThat(message.headers()).containsOnlyKeys("tracestate", "traceparent");
        assertThat(sent.get().getHeaders()).containsEntry("traceparent",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").containsEntry(Headers.ATTEMPT, 2);
        assertThatThrownBy(() -> message.header("x", "y")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reservedHeaderNamesAreRefused() {
        Interception interception = new Interception(Interceptors.builder().publish((message, publish) -> {
            message.header("x-ebats-attempt", "9");
            return publish.send();
        }).build());

        assertThat(publish(interception)).failsWithin(Duration.ZERO)
                .withThrowableThat().havingRootCause().isInstanceOf(IllegalArgumentException.class)
                .withMessageContaining("x-ebats-attempt is reserved");
        assertThat(sent.get()).isNull();
    }

    @Test
    void theFirstInterceptorIsTheOutermostAndAFailureBeforeSendingFailsThePublish() {
        List<String> order = new CopyOnWriteArrayList<>();
        Interception interception = new Interception(Interceptors.builder()
                .publish((message, publish) -> {
                    order.add("outer");
                    return publish.send().whenComplete((ok, error) -> order.add("outer confirmed"));
                })
                .publish((message, publish) -> {
                    order.add("inner");
                    throw new IllegalStateException("broken tracer");
                }).build());

        CompletableFuture<Void> confirmed = publish(interception);

        assertThat(order).containsExactly("outer", "inner", "outer confirmed");
        assertThat(confirmed).isCompletedExceptionally();
        assertThatThrownBy(confirmed::join).hasCauseInstanceOf(PublishException.class)
                .hasMessageContaining("broken tracer");
    }

    @Test
    void handlerScopesNestFirstOutermostAndEndInnermostFirst() {
        List<String> order = new CopyOnWriteArrayList<>();
        Interception interception = new Interception(Interceptors.builder()
                .handler(handling -> scope("a", order))
                .handler(handling -> {
                    throw new IllegalStateException("ignored");
                })
                .handler(handling -> scope("b", order)).build());

        HandlerScope scope = interception.begin(new Handling(Handling.Kind.TASK, "q", "ship",
                "id-1", "orders", 1, null, null, Map.of()));
        scope.run(() -> order.add("work"));
        Interception.end(scope, new HandlerResult(Outcome.SUCCEEDED, null, false));

        assertThat(order).containsExactly("a in", "b in", "work", "b out", "a out", "b end", "a end");
    }

    @Test
    void foreignHeadersLeaveOutEbatsAndBrokerHeadersAndReadLongStringsAsText() {
        assertThat(Interception.foreignStrings(Map.of("traceparent", "t", Headers.ATTEMPT, 1, "x-death", List.of(),
                "x-delivery-count", 3, "b3", 7))).containsOnly(Map.entry("traceparent", "t"), Map.entry("b3", "7"));
    }

    private CompletableFuture<Void> publish(Interception interception) {
        return interception.publish(PublishKind.RETRY, "ebats.task.orders", "ebats.tasks", "orders", TASK, props -> {
            sent.set(props);
            return CompletableFuture.completedFuture(null);
        });
    }

    private static HandlerScope scope(String name, List<String> order) {
        return new HandlerScope() {
            @Override
            public void run(Runnable work) {
                order.add(name + " in");
                work.run();
                order.add(name + " out");
            }

            @Override
            public void end(HandlerResult result) {
                order.add(name + " end");
            }
        };
    }
}
