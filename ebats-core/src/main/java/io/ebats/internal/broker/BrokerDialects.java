package io.ebats.internal.broker;

import com.rabbitmq.client.Connection;
import io.ebats.BrokerType;
import java.util.Locale;

/** Picks the dialect: the configured one, or the one the broker's server properties name. */
public final class BrokerDialects {

    private BrokerDialects() {
    }

    public static BrokerDialect of(BrokerType configured, Connection connection, TopologyNames names,
                                   DelayLadder ladder) {
        BrokerType type = configured == BrokerType.AUTO ? detect(connection) : configured;
        return type == BrokerType.QPID ? new QpidDialect(names) : new RabbitMqDialect(names, ladder);
    }

    static BrokerType detect(Connection connection) {
        Object product = connection.getServerProperties().get("product");
        String name = product == null ? "" : product.toString().toLowerCase(Locale.ROOT);
        return name.contains("qpid") ? BrokerType.QPID : BrokerType.RABBITMQ;
    }
}
