package io.ebats;

import java.util.Locale;

/** AMQP exchange types a custom consumer can read from. */
public enum ExchangeType {
    DIRECT, FANOUT, TOPIC, HEADERS;

    /** The AMQP name: {@code direct}, {@code fanout}, {@code topic}, {@code headers}. */
    public String amqpName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
