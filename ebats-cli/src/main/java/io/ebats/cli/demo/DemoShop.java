package io.ebats.cli.demo;

import io.ebats.EbatsConfig;
import io.ebats.EventManager;
import java.time.Duration;

/**
 * The demo shop: its event registry and its custom consumer's exchange, queue and binding, with the names of
 * the order system the project's concepts come from (see the README).
 * Outside the default namespace the exchange and queue names get the namespace as suffix, so that demos in
 * different namespaces stay apart.
 *
 * @param exchange the topic exchange the shop publishes order messages to ({@code order_fanout})
 * @param queue    the custom consumer's queue ({@code shzf_order_paied})
 */
public record DemoShop(String exchange, String queue) {

    /** The topic of every demo task. */
    public static final String TOPIC = "demo";
    public static final String EXCHANGE = "order_fanout";
    public static final String QUEUE = "shzf_order_paied";
    public static final String BINDING_KEY = "*.*.WAIT_SELLER_SEND_GOODS";
    /** The routing key the demo publishes with; matches {@link #BINDING_KEY}. */
    public static final String ROUTING_KEY = "shop.pay.WAIT_SELLER_SEND_GOODS";
    /** The task the custom consumer creates for each message. */
    public static final String CONSUMER_TASK = "orderAsync";

    /** The names for a namespace. */
    public static DemoShop forNamespace(String namespace) {
        if (EbatsConfig.DEFAULT_NAMESPACE.equals(namespace)) {
            return new DemoShop(EXCHANGE, QUEUE);
        }
        return new DemoShop(EXCHANGE + "-" + namespace, QUEUE + "-" + namespace);
    }

    /**
     * The shop's registry: {@code order_create} closes the order after 10 s if unpaid, {@code order_paied} ships
     * its virtual goods.
     */
    public static EventManager registry() {
        return new EventManager()
                .register("order_create", "closeOrder", TOPIC, Duration.ofSeconds(10))
                .register("order_paied", "virtualShipping", TOPIC);
    }
}
