package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventManagerTest {

    @Test
    void sameTaskAndTopicTwiceUnderOneEventIsRefused() {
        EventManager events = new EventManager().register("order_paied", "virtualShipping", "demo");

        assertThatThrownBy(() -> events.register("order_paied", "virtualShipping", "demo", Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task virtualShipping on topic demo is already registered under event order_paied");
        assertThat(events.registrations()).hasSize(1);
    }

    @Test
    void sameTaskOnAnotherTopicOrUnderAnotherEventIsFine() {
        EventManager events = new EventManager()
                .register("order_paied", "virtualShipping", "demo")
                .register("order_paied", "virtualShipping", "demo-eu")
                .register("order_create", "virtualShipping", "demo");

        assertThat(events.registrations()).hasSize(3);
    }

    @Test
    void tasksForAnEventComeInRegistrationOrder() {
        EventManager events = new EventManager()
                .register("order_paied", "virtualShipping", "demo")
                .register("order_create", "closeOrder", "demo", Duration.ofSeconds(10))
                .register("order_paied", "sendSms", "sms", Duration.ZERO, RetryPolicy.maxAttempts(2));

        assertThat(events.tasksFor("order_paied")).extracting(Registration::task)
                .containsExactly("virtualShipping", "sendSms");
        assertThat(events.tasksFor("order_paied").get(1).retryPolicy()).isEqualTo(RetryPolicy.maxAttempts(2));
        assertThat(events.tasksFor("nobody")).isEmpty();
        assertThat(events.byEvent()).containsOnlyKeys("order_paied", "order_create");
        assertThat(events.topics()).containsExactly("demo", "sms");
        assertThat(events.tasksFor("order_create").get(0).delay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void registrationsAreASnapshotThatCannotBeChanged() {
        EventManager events = new EventManager().register("e", "t", "demo");

        List<Registration> snapshot = events.registrations();
        events.register("e", "t2", "demo");

        assertThat(snapshot).hasSize(1);
        assertThatThrownBy(() -> snapshot.add(new Registration("x", "y", "z")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void registerAllRefusesDuplicatesInsideTheBatch() {
        List<Registration> batch = List.of(new Registration("e", "t", "demo"), new Registration("e", "t", "demo"));

        assertThatThrownBy(() -> new EventManager().registerAll(batch)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered");
    }

    @Test
    void registrationWithABadNameOrANegativeDelayIsRefused() {
        assertThatThrownBy(() -> new EventManager().register("order.*", "t", "demo"))
                .hasMessageContaining("event name must not contain the AMQP wildcard '*'");
        assertThatThrownBy(() -> new EventManager().register("e", "t", "de mo"))
                .hasMessageContaining("topic name must not contain whitespace");
        assertThatThrownBy(() -> new EventManager().register("e", "", "demo"))
                .hasMessage("task name must not be empty");
        assertThatThrownBy(() -> new EventManager().register("e", "t", "demo", Duration.ofSeconds(-1)))
                .hasMessage("delay of task t must not be negative, was PT-1S");
    }
}
