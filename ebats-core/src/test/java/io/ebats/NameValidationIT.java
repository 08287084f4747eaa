package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad names are a clear IllegalArgumentException and nothing reaches the broker (DESIGN.md section 3). */
class NameValidationIT extends BrokerTestSupport {

    private static final Map<String, String> BAD_NAMES = Map.of(
            "order.*", "must not contain the AMQP wildcard '*'",
            "order.#", "must not contain the AMQP wildcard '#'",
            "#", "must not contain the AMQP wildcard '#'",
            "order paid", "must not contain whitespace",
            "order\tpaid", "must not contain whitespace",
            " ", "must not contain whitespace",
            "", "must not be empty");

    @Test
    void eventWithAWildcardWhitespaceOrNoNameIsRefusedAndNothingIsPublished() {
        String probe = ebats.publish(Event.named("probe")); // the scheduler queue, bound to '#', now exists

        BAD_NAMES.forEach((name, problem) -> {
            assertThatThrownBy(() -> ebats.publish(Event.named(name))).as("event '%s'", name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("event name " + problem);
            assertThatThrownBy(() -> ebats.publish(name, Map.of("order_id", "FB1"))).as("event '%s'", name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("event name " + problem);
        });

        assertThat(ebats.status(List.of()).pendingEvents()).as("only the probe").isEqualTo(1);
        assertThat(probe).isNotBlank();
    }

    @Test
    void topicWithAWildcardWhitespaceOrNoNameIsRefusedEverywhereAndNothingIsPublished() {
        String topic = topic("good");
        ebats.worker().topic(topic).listener(attempts::add).handle("t", (p, ctx) -> { }).start();

        BAD_NAMES.forEach((name, problem) -> {
            String expected = "topic name " + problem;
            assertThatThrownBy(() -> ebats.tasks().create(name, "t", null)).as("topic '%s'", name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);
            assertThatThrownBy(() -> ebats.worker().topic(name)).as("topic '%s'", name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);
            assertThatThrownBy(() -> new EventManager().register("e", "t", name)).as("topic '%s'", name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);
            assertThatThrownBy(() -> DeadLetterSource.topic(name)).as("topic '%s'", name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);
            assertThatThrownBy(() -> ebats.tasks().create(topic, name, null)).as("task '%s'", name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("task name " + problem);
        });

        String good = ebats.tasks().create(topic, "t", null);
        await().atMost(WAIT).until(() -> attempts.size() == 1);
        assertThat(attempts).extracting(Attempt::taskId).containsExactly(good);
        assertThat(ebats.status(List.of(topic)).delayed()).isZero();
    }

    @Test
    void longestNamesStillFitTheBrokersLimits() {
        String topic = topic("t".repeat(Names.MAX_LENGTH - 7)); // topic() appends 7 characters
        String task = "k".repeat(Names.MAX_LENGTH);
        ebats.worker().topic(topic).listener(attempts::add).handle(task, (p, ctx) -> { }).start();

        ebats.tasks().create(topic, task, null);
        ebats.tasks().create(NewTask.of(topic, task, null).withDelay(Duration.ofMillis(100)));

        await().atMost(WAIT).until(() -> attempts.size() == 2);
        assertThat(attempts).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED));
    }

    @Test
    void nameTooLongInUtf8BytesIsRefusedBeforeTheBrokerSeesIt() {
        String chinese = "订单已支付".repeat(20); // 100 characters, 300 bytes

        assertThatThrownBy(() -> ebats.publish(Event.named(chinese)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event name must be at most 120 bytes in UTF-8, was 300");
        assertThatThrownBy(() -> ebats.tasks().create(chinese, "t", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bytes in UTF-8");
    }
}
