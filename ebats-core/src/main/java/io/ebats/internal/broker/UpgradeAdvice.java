package io.ebats.internal.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ebats.internal.message.Json;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, once per policy and process, what to run when a queue was declared by an older ebats: RabbitMQ refuses
 * to declare it again with other arguments, so ebats uses it as it is and names the {@code rabbitmqctl
 * set_policy} command that gives it the same guarantee (docs/protocol.md, "Delivery limits"). Thread-safe.
 */
final class UpgradeAdvice {

    private static final Logger log = LoggerFactory.getLogger(UpgradeAdvice.class);

    private final String virtualHost;
    private final BrokerVersion broker;
    private final Set<String> given = ConcurrentHashMap.newKeySet();

    /**
     * @param virtualHost the virtual host the queues are in; null for the default {@code /}
     * @param broker      the broker's version: where it limits deliveries by default, the advice is an error
     */
    UpgradeAdvice(String virtualHost, BrokerVersion broker) {
        this.virtualHost = virtualHost == null || virtualHost.isEmpty() ? "/" : virtualHost;
        this.broker = broker;
    }

    /** Logs the advice for {@code queue}, unless its policy was named already. */
    void queueOfEarlierForm(String queue, QueueSpec.Policy policy) {
        if (!given.add(policy.name())) {
            return;
        }
        if (broker.limitsDeliveriesByDefault()) {
            log.error("queue {} was declared by an older ebats without an explicit delivery limit; it is used as it "
                    + "is, and {} drops a message of it delivered more than 20 times (its default limit). To give it "
                    + "ebats's limits without declaring it again, run once: {}", queue, broker, command(policy));
        } else {
            log.warn("queue {} was declared by an older ebats without an explicit delivery limit; it is used as it "
                    + "is. On RabbitMQ 4, which gives a quorum queue a default limit of 20 deliveries, the broker "
                    + "would drop a message delivered more often. To give it ebats's limits without declaring it "
                    + "again, run once: {}", queue, command(policy));
        }
    }

    /** The {@code rabbitmqctl} command that sets the policy. */
    String command(QueueSpec.Policy policy) {
        String definition;
        try {
            definition = Json.MAPPER.writeValueAsString(policy.definition());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write policy " + policy.name(), e);
        }
        return "rabbitmqctl set_policy --vhost " + shellQuoted(virtualHost) + " --apply-to queues --priority 10 "
                + shellQuoted(policy.name()) + " " + shellQuoted(policy.pattern()) + " " + shellQuoted(definition);
    }

    private static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
