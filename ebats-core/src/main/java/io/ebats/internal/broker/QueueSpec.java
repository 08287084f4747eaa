package io.ebats.internal.broker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How ebats declares a queue, and how an older ebats declared it: a queue of that older form cannot be
 * declared again with the new arguments (RabbitMQ refuses with 406), so it is taken as it is and {@code policy}
 * gives it the same guarantee without a new declare.
 *
 * @param arguments the declare arguments
 * @param earlier   the arguments an older ebats declared the queue with; null when they were the same
 * @param policy    the RabbitMQ policy that adds to a queue of the earlier form what its arguments lack; null
 *                  when {@code earlier} is
 */
record QueueSpec(Map<String, Object> arguments, Map<String, Object> earlier, Policy policy) {

    QueueSpec {
        arguments = Map.copyOf(arguments);
        earlier = earlier == null ? null : Map.copyOf(earlier);
    }

    /** A queue declared as it always was. */
    static QueueSpec unchanged(Map<String, Object> arguments) {
        return new QueueSpec(arguments, null, null);
    }

    /**
     * A RabbitMQ policy: its name, the pattern of the queue names it applies to, and its definition (policy keys,
     * such as {@code delivery-limit}).
     */
    record Policy(String name, String pattern, Map<String, Object> definition) {

        Policy {
            definition = Collections.unmodifiableMap(new LinkedHashMap<>(definition)); // in the order given
        }
    }
}
