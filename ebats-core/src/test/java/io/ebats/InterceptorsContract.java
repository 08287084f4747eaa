package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Headers of other parties travel from an event to its task, across a retry, into the dead letter and back through
 * its replay; the interceptors see every publish and every run on the way.
 */
abstract class InterceptorsContract extends BrokerTestSupport {

    private final List<String> publishes = new CopyOnWriteArrayList<>();
    private final List<String> runs = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> seenByHandler = new CopyOnWriteArrayList<>();

    @Test
    void headersOfAnEventReachItsTaskItsRetryItsDeadLetterAndItsReplayAndTheInterceptorsSeeEachStep() {
        String topic = topic("headers");
        Interceptors interceptors = Interceptors.builder()
                .publish((message, publish) -> {
                    publishes.add(message.kind() + " " + message.destination().replace(namespace, "NS") + " attempt "
                            + message.attempt());
                    message.header("x-hop", message.kind().name());
                    return publish.send();
                })
                .handler(handling -> new HandlerScope() {
                    @Override
                    public void run(Runnable work) {
                        work.run();
                    }

                    @Override
                    public void end(HandlerResult result) {
                        runs.add(handling.kind() + " " + handling.queue().replace(namespace, "NS") + " " + handling.name()
                                + " attempt " + handling.attempt() + " " + handling.headers().get("traceparent") + " "
                                + result.outcome());
                    }
                }).build();
        AtomicInteger attempts = new AtomicInteger();
        try (Ebats traced = Ebats.connect(config(), interceptors)) {
            traced.worker().topic(topic).handle("audit", (params, ctx) -> {
                seenByHandler.add(ctx.headers());
                switch (attempts.incrementAndGet()) {
                    case 1 -> throw new RetryException("later", Duration.ofMillis(20));
                    case 2 -> throw new TaskException("broken");
                    default -> { }
                }
            }).start();
            traced.startScheduler(new EventManager().register("audited", "audit", topic));

            traced.publish(Event.named("audited").header("traceparent", "tp-1").header("baggage", "user=7"));

            await().atMost(WAIT).until(() -> traced.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
            DeadLetter letter = traced.deadLetters().list(DeadLetterSource.topic(topic), 1).getFirst();
            assertThat(letter.headers()).containsKeys("traceparent", "baggage", "x-hop");
            assertThat(traced.deadLetters().replay(DeadLetterSource.topic(topic), l -> true)).isEqualTo(1);
            await().atMost(WAIT).until(() -> runs.size() == 4);
        }

        assertThat(seenByHandler).hasSize(3).allSatisfy(headers -> assertThat(headers)
                .containsEntry("traceparent", "tp-1").containsEntry("baggage", "user=7").containsKey("x-hop"));
        assertThat(seenByHandler).extracting(headers -> headers.get("x-hop")).containsExactly("TASK", "RETRY", "REPLAY");
        assertThat(publishes).containsExactly("EVENT NS.events attempt 0", "TASK NS.task." + topic + " attempt 1",
                "RETRY NS.task." + topic + " attempt 2", "DEAD_LETTER NS.dead.task." + topic + " attempt 2",
                "REPLAY NS.task." + topic + " attempt 1");
        assertThat(runs).containsExactly("EVENT NS.scheduler audited attempt 1 tp-1 SUCCEEDED",
                "TASK NS.task." + topic + " audit attempt 1 tp-1 RETRYING",
                "TASK NS.task." + topic + " audit attempt 2 tp-1 FAILED",
                "TASK NS.task." + topic + " audit attempt 1 tp-1 SUCCEEDED");
    }

    @Test
    void aTaskCreatedWithHeadersGivesThemToItsHandler() {
        String topic = topic("direct-headers");
        List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        ebats.worker().topic(topic).handle("look", (params, ctx) -> seen.add(ctx.headers())).start();

        ebats.tasks().create(NewTask.of(topic, "look", null).withHeader("traceparent", "tp-2"));

        await().atMost(WAIT).until(() -> !seen.isEmpty());
        assertThat(seen.getFirst()).containsExactly(Map.entry("traceparent", "tp-2"));
    }
}
