package io.ebats.internal.broker;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's product and version, as its server properties name them ({@code product}, {@code version}).
 *
 * @param product the product, such as {@code RabbitMQ}; empty when the broker does not say
 * @param version the version as the broker writes it, such as {@code 3.10.8}; empty when it does not say
 * @param major   the major version; 0 when it cannot be read
 */
record BrokerVersion(String product, String version, int major) {

    private static final Pattern MAJOR = Pattern.compile("^(\\d+)\\.");

    static BrokerVersion of(Map<String, Object> serverProperties) {
        String product = text(serverProperties.get("product"));
        String version = text(serverProperties.get("version"));
        Matcher major = MAJOR.matcher(version);
        return new BrokerVersion(product, version, major.find() ? Integer.parseInt(major.group(1)) : 0);
    }

    /**
     * Whether the broker limits deliveries of a quorum queue's messages when the queue does not say (RabbitMQ 4
     * does, to 20, and then drops the message).
     */
    boolean limitsDeliveriesByDefault() {
        return product.equalsIgnoreCase("RabbitMQ") && major >= 4;
    }

    @Override
    public String toString() {
        return (product + " " + version).trim();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
