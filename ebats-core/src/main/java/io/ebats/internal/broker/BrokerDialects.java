package io.ebats.internal.broker;

import com.rabbitmq.client.Connection;
import io.ebats.BrokerType;
import java.util.Locale;
import java.util.Map;

/** Picks the dialect: the configured one, or the one the broker's server properties name. */
final class BrokerDialects {

    private BrokerDialects() {
    }

    static BrokerDialect of(BrokerType configured, Connection connection, TopologyNames names,
                                   DelayLadder ladder) {
        BrokerType type = configured == BrokerType.AUTO ? detect(connection) : configured;
        return type == BrokerType.QPID ? new QpidDialect(names) : new RabbitMqDialect(names, ladder);
    }

    /** Qpid names itself in {@code product}, except when repackaged; its own {@code qpid.*} properties remain. */
    static BrokerType detect(Connection connection) {
        Map<String, Object> properties = connection.getServerProperties();
        Object product = properties.get("product");
        String name = product == null ? "" : product.toString().toLowerCase(Locale.ROOT);
        boolean qpid = name.contains("qpid") || properties.keySet().stream().anyMatch(k -> k.startsWith("qpid."));
        return qpid ? BrokerType.QPID : BrokerType.RABBITMQ;
    }
}
