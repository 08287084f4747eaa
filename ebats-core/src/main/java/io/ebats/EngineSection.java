package io.ebats;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;

/** Reads the engine settings of an {@code ebats.yml}: the top-level keys and {@code broker}. */
final class EngineSection {

    private static final Set<String> BROKER_KEYS = Set.of("uri", "addresses", "vhost", "username", "password",
            "tls", "verifyPeer", "caCertificates", "heartbeat", "connectionTimeout");

    private EngineSection() {
    }

    /** The file's values over {@link EbatsConfig#defaults()}. */
    static EbatsConfig read(ConfigNode root) {
        EbatsConfig.Builder config = EbatsConfig.builder();
        ConfigNode broker = root.get("broker");
        if (broker.isPresent()) {
            config.broker(broker(broker));
        }
        ifPresent(root, "namespace", n -> config.namespace(n.text()));
        ifPresent(root, "queueType", n -> config.queueType(EbatsConfig.parseQueueType(n.path(), n.text())));
        ifPresent(root, "brokerType", n -> config.brokerType(EbatsConfig.parseBrokerType(n.path(), n.text())));
        ifPresent(root, "delayLevels", n -> config.delayLevels(n.integer()));
        ifPresent(root, "delayLadder", n -> config.delayLadder(n.text()));
        ifPresent(root, "publishTimeout", n -> config.publishTimeout(n.duration()));
        ifPresent(root, "maxMessageBytes", n -> config.maxMessageBytes(n.integer()));
        return config.build();
    }

    private static BrokerSettings broker(ConfigNode node) {
        node.requireKeys(BROKER_KEYS);
        BrokerSettings.Builder s = BrokerSettings.builder();
        ifPresent(node, "uri", n -> s.uri(n.text()));
        ifPresent(node, "addresses", n -> s.addresses(n.texts()));
        ifPresent(node, "vhost", n -> s.virtualHost(n.text()));
        ConfigNode username = node.get("username");
        ConfigNode password = node.get("password");
        if (username.isPresent() || password.isPresent()) {
            s.credentials(username.isPresent() ? username.text() : null,
                    password.isPresent() ? password.text() : null);
        }
        ifPresent(node, "tls", n -> s.tls(n.bool()));
        ifPresent(node, "verifyPeer", n -> s.verifyPeer(n.bool()));
        ifPresent(node, "caCertificates", n -> s.trustedCertificates(Path.of(n.text())));
        ifPresent(node, "heartbeat", n -> s.heartbeat(n.duration()));
        ifPresent(node, "connectionTimeout", n -> s.connectionTimeout(n.duration()));
        return s.build();
    }

    /** Hands the value under {@code key} to a setter when the file has it; the setter's error names its path. */
    private static void ifPresent(ConfigNode parent, String key, Function<ConfigNode, ?> setter) {
        ConfigNode node = parent.get(key);
        if (node.isPresent()) {
            node.check(() -> setter.apply(node));
        }
    }
}
