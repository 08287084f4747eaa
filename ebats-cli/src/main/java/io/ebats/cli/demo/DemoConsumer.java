package io.ebats.cli.demo;

import io.ebats.CustomConsumer;
import io.ebats.Ebats;
import io.ebats.ExchangeType;

/**
 * The demo shop's custom consumer: reads the shop's {@code order_fanout} topic exchange through its own queue and
 * turns every {@code *.*.WAIT_SELLER_SEND_GOODS} message into an {@code orderAsync} task on topic {@code demo},
 * with the message's JSON as parameters.
 */
public final class DemoConsumer {

    private DemoConsumer() {
    }

    /** Starts the consumer; it is closed with {@code ebats}. */
    public static CustomConsumer start(Ebats ebats, DemoShop names) {
        return ebats.consumer()
                .exchange(names.exchange(), ExchangeType.TOPIC)
                .queue(names.queue(), DemoShop.BINDING_KEY)
                .start((key, message) -> ebats.tasks().create(DemoShop.TOPIC, DemoShop.CONSUMER_TASK, message.json()));
    }
}
