package io.ebats.cli.demo;

import io.ebats.CustomConsumer;
import io.ebats.Ebats;
import io.ebats.ExchangeType;

/**
 * The seed's custom scheduler: reads the shop's {@code order_fanout} topic exchange through its own queue and
 * turns every {@code *.*.WAIT_SELLER_SEND_GOODS} message into an {@code orderAsync} task on topic {@code demo},
 * with the message's JSON as parameters.
 */
public final class DemoConsumer {

    private DemoConsumer() {
    }

    /** Starts the consumer; it is closed with {@code ebats}. */
    public static CustomConsumer start(Ebats ebats, SeedDemo names) {
        return ebats.consumer()
                .exchange(names.exchange(), ExchangeType.TOPIC)
                .queue(names.queue(), SeedDemo.BINDING_KEY)
                .start((key, message) -> ebats.tasks().create(SeedDemo.TOPIC, SeedDemo.CONSUMER_TASK, message.json()));
    }
}
