package io.ebats.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** What the broker of the benchmark says it is, and cleaning up after it on a plain amqp-client connection. */
final class RawBroker {

    private RawBroker() {
    }

    /**
     * {@code rabbitmq 3.10.8}, {@code qpid 10.1.0}: what the broker announces. Qpid inside a repackaged jar
     * names the application as its product; its {@code qpid.*} properties still give it away, as
     * the engine's own detection assumes.
     */
    static String describe(Connection connection) {
        Map<String, Object> props = connection.getServerProperties();
        String product = String.valueOf(props.getOrDefault("product", "broker")).toLowerCase(Locale.ROOT);
        Object version = props.get("version");
        if (isQpid(props)) {
            return product.contains("qpid") && version != null ? "qpid " + version : "qpid";
        }
        if (product.contains("rabbitmq")) {
            product = "rabbitmq";
        }
        return version == null ? product : product + " " + version;
    }

    /** Whether the broker is Qpid Broker-J. */
    static boolean isQpid(Connection connection) {
        return isQpid(connection.getServerProperties());
    }

    private static boolean isQpid(Map<String, Object> props) {
        return String.valueOf(props.get("product")).toLowerCase(Locale.ROOT).contains("qpid")
                || props.keySet().stream().anyMatch(k -> k.startsWith("qpid."));
    }

    /** Deletes a queue on a channel of its own; a missing queue is not an error. */
    static void deleteQueue(Connection connection, String queue) {
        try (Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
        } catch (IOException | TimeoutException | RuntimeException ignored) {
            // missing already (Qpid closes the channel), or the connection is gone
        }
    }
}
