package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"order_paied", "demo", "orders.eu", "close-order", "a", "Bestellung_bezahlt", "订单"})
    void plainNamesAreAcceptedAndReturned(String name) {
        assertThat(Names.require("topic", name)).isEqualTo(name);
    }

    @Test
    void emptyOrMissingNameIsRefusedNamingWhatItNames() {
        assertThatThrownBy(() -> Names.require("event", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event name must not be empty");
        assertThatThrownBy(() -> Names.require("topic", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic name must not be empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "#", "order.*", "order.#", "or*der", "#.paid"})
    void amqpWildcardsAreRefusedNamingTheWildcard(String name) {
        char wildcard = name.contains("*") ? '*' : '#';

        assertThatThrownBy(() -> Names.require("topic", name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic name must not contain the AMQP wildcard '" + wildcard + "': " + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "order paid", " order", "order ", "order\tpaid", "order\npaid", "order\u00a0paid"})
    void whitespaceIsRefused(String name) {
        assertThatThrownBy(() -> Names.require("event", name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event name must not contain whitespace");
    }

    @Test
    void controlCharactersAreRefused() {
        assertThatThrownBy(() -> Names.require("event", "order\u0000paid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event name must not contain");
    }

    @ParameterizedTest
    @ValueSource(strings = {".order", "order.", "order..paid", "."})
    void emptyWordsAreRefused(String name) {
        assertThatThrownBy(() -> Names.require("topic", name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not start or end with '.' or hold '..'");
    }

    @Test
    void namesLongerThanTheLimitAreRefusedWithTheLimit() {
        assertThat(Names.require("task", "x".repeat(Names.MAX_LENGTH))).hasSize(120);

        assertThatThrownBy(() -> Names.require("task", "x".repeat(121))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task name must be at most 120 characters, was 121");
    }

    @Test
    void lengthIsAlsoCountedInUtf8BytesBecauseAmqpNamesAreLimitedInBytes() {
        assertThat(Names.require("topic", "订".repeat(40))).hasSize(40); // 120 bytes

        assertThatThrownBy(() -> Names.require("topic", "订".repeat(41))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic name must be at most 120 bytes in UTF-8, was 123");
    }
}
