package io.ebats;

import com.rabbitmq.client.Connection;
import io.ebats.internal.broker.BrokerConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how to connect to the broker: a URI, or a list of addresses tried in order (cluster failover),
 * with virtual host, credentials, TLS and heartbeat. Connections recover by themselves after a failure.
 *
 * <p>Immutable. {@link #toString()} never shows the password.
 *
 * @param uri               {@code amqp://user:pass@host:port/vhost} or {@code amqps://...}; null when
 *                          {@code addresses} are given
 * @param addresses         {@code host:port} entries for a cluster; empty to use the URI
 * @param virtualHost       the virtual host; null for the URI's or {@code /}
 * @param username          null for the URI's or {@code guest}
 * @param password          null for the URI's or {@code guest}
 * @param tls               use TLS (implied by an {@code amqps} URI)
 * @param verifyPeer        check the server certificate and its host name
 * @param trustedCertificates a PEM file of the certificate authorities to trust when verifying the server
 *                          (a private CA); null for the JVM's trust store
 * @param heartbeat         AMQP heartbeat interval
 * @param connectionTimeout how long to wait for a TCP connection and the AMQP handshake
 */
public record BrokerSettings(String uri, List<String> addresses, String virtualHost, String username,
                             String password, boolean tls, boolean verifyPeer, Path trustedCertificates,
                             Duration heartbeat, Duration connectionTimeout) {

    public static final String DEFAULT_URI = "amqp://guest:guest@localhost:5672";
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    public BrokerSettings {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        if (uri == null && addresses.isEmpty()) {
            uri = DEFAULT_URI;
        }
        if (uri != null) {
            checkUri(uri);
        }
        for (String address : addresses) {
            checkAddress(address);
        }
        heartbeat = heartbeat == null ? DEFAULT_HEARTBEAT : heartbeat;
        connectionTimeout = connectionTimeout == null ? DEFAULT_CONNECTION_TIMEOUT : connectionTimeout;
        if (heartbeat.isNegative()) {
            throw new IllegalArgumentException("heartbeat must not be negative, was " + heartbeat);
        }
        if (connectionTimeout.isNegative() || connectionTimeout.isZero()) {
            throw new IllegalArgumentException("connectionTimeout must be positive, was " + connectionTimeout);
        }
    }

    /** The default: {@value #DEFAULT_URI}. */
    public static BrokerSettings defaults() {
        return uri(DEFAULT_URI);
    }

    /** Settings from a URI such as {@code amqp://guest:guest@localhost:5672/}. */
    public static BrokerSettings uri(String uri) {
        return new BrokerSettings(Objects.requireNonNull(uri, "uri"), List.of(), null, null, null,
                uri.startsWith("amqps:"), true, null, null, null);
    }

    /** Settings for a cluster: {@code host:port} addresses tried in order. */
    public static BrokerSettings addresses(List<String> addresses, String username, String password) {
        return new BrokerSettings(null, addresses, null, username, password, false, true, null, null, null);
    }

    public BrokerSettings withUri(String value) {
        return new BrokerSettings(value, List.of(), virtualHost, username, password,
                tls || value.startsWith("amqps:"), verifyPeer, trustedCertificates, heartbeat, connectionTimeout);
    }

    public BrokerSettings withAddresses(List<String> value) {
        return new BrokerSettings(null, value, virtualHost, username, password, tls, verifyPeer, trustedCertificates,
                heartbeat, connectionTimeout);
    }

    public BrokerSettings withVirtualHost(String value) {
        return new BrokerSettings(uri, addresses, value, username, password, tls, verifyPeer, trustedCertificates,
                heartbeat, connectionTimeout);
    }

    public BrokerSettings withCredentials(String user, String pass) {
        return new BrokerSettings(uri, addresses, virtualHost, user, pass, tls, verifyPeer, trustedCertificates,
                heartbeat, connectionTimeout);
    }

    public BrokerSettings withTls(boolean enabled, boolean verify) {
        return new BrokerSettings(uri, addresses, virtualHost, username, password, enabled, verify, trustedCertificates,
                heartbeat, connectionTimeout);
    }

    /** Trusts the certificate authorities of this PEM file (a private CA) instead of the JVM's; implies TLS. */
    public BrokerSettings withTrustedCertificates(Path pemFile) {
        return new BrokerSettings(uri, addresses, virtualHost, username, password, true, verifyPeer, pemFile,
                heartbeat, connectionTimeout);
    }

    public BrokerSettings withHeartbeat(Duration value) {
        return new BrokerSettings(uri, addresses, virtualHost, username, password, tls, verifyPeer, trustedCertificates,
                value, connectionTimeout);
    }

    public BrokerSettings withConnectionTimeout(Duration value) {
        return new BrokerSettings(uri, addresses, virtualHost, username, password, tls, verifyPeer, trustedCertificates,
                heartbeat, value);
    }

    /**
     * Applies {@code EBATS_BROKER_URI}, {@code EBATS_BROKER_ADDRESSES} (comma separated),
     * {@code EBATS_BROKER_VHOST}, {@code EBATS_BROKER_USERNAME}, {@code EBATS_BROKER_PASSWORD},
     * {@code EBATS_BROKER_TLS}, {@code EBATS_BROKER_VERIFY_PEER}, {@code EBATS_BROKER_CA_CERTIFICATES} and
     * {@code EBATS_BROKER_HEARTBEAT} on top of
     * these settings.
     */
    public BrokerSettings withEnvironment(Map<String, String> env) {
        BrokerSettings s = this;
        if (has(env, "EBATS_BROKER_URI")) s = s.withUri(env.get("EBATS_BROKER_URI").trim());
        if (has(env, "EBATS_BROKER_ADDRESSES")) {
            s = s.withAddresses(List.of(env.get("EBATS_BROKER_ADDRESSES").trim().split("\\s*,\\s*")));
        }
        if (has(env, "EBATS_BROKER_VHOST")) s = s.withVirtualHost(env.get("EBATS_BROKER_VHOST"));
        if (has(env, "EBATS_BROKER_USERNAME") || has(env, "EBATS_BROKER_PASSWORD")) {
            s = s.withCredentials(env.getOrDefault("EBATS_BROKER_USERNAME", s.username),
                    env.getOrDefault("EBATS_BROKER_PASSWORD", s.password));
        }
        if (has(env, "EBATS_BROKER_TLS") || has(env, "EBATS_BROKER_VERIFY_PEER")) {
            s = s.withTls(bool(env, "EBATS_BROKER_TLS", s.tls), bool(env, "EBATS_BROKER_VERIFY_PEER", s.verifyPeer));
        }
        if (has(env, "EBATS_BROKER_CA_CERTIFICATES")) {
            s = s.withTrustedCertificates(Path.of(env.get("EBATS_BROKER_CA_CERTIFICATES").trim()));
        }
        if (has(env, "EBATS_BROKER_HEARTBEAT")) {
            s = s.withHeartbeat(Durations.parse("EBATS_BROKER_HEARTBEAT", env.get("EBATS_BROKER_HEARTBEAT")));
        }
        return s;
    }

    /** A description for logs: host, port and virtual host, never credentials. */
    public String describe() {
        if (uri != null) {
            URI parsed = URI.create(uri);
            String port = parsed.getPort() < 0 ? "" : ":" + parsed.getPort();
            String path = parsed.getPath() == null || parsed.getPath().isEmpty() ? "" : parsed.getPath();
            return parsed.getScheme() + "://" + parsed.getHost() + port + path;
        }
        return (tls ? "amqps " : "amqp ") + String.join(",", addresses);
    }

    /**
     * Opens a plain amqp-client connection with these settings, as ebats opens its own: the same addresses,
     * credentials, virtual host, TLS and timeouts, recovering by itself after a failure. For what ebats does not
     * do, such as publishing a message as another system would. Each call opens a new connection; the caller
     * closes it.
     *
     * @param name the connection's name in the broker's connection list
     * @throws EbatsException naming the broker (never the password) when it cannot be reached
     */
    public Connection newConnection(String name) {
        return BrokerConnection.open(this, name);
    }

    @Override
    public String toString() {
        return "BrokerSettings[" + describe() + ", vhost=" + virtualHost + ", user=" + username + ", tls=" + tls
                + ", heartbeat=" + heartbeat + "]";
    }

    private static void checkUri(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (Exception e) {
            throw new IllegalArgumentException("broker URI is not a valid URI: " + redact(uri));
        }
        String scheme = parsed.getScheme();
        if (!"amqp".equals(scheme) && !"amqps".equals(scheme)) {
            throw new IllegalArgumentException("broker URI must start with amqp:// or amqps://, was " + redact(uri));
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw new IllegalArgumentException("broker URI has no host: " + redact(uri));
        }
    }

    private static void checkAddress(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("broker address must be host or host:port, was empty");
        }
        if (colon > 0) {
            try {
                int port = Integer.parseInt(address.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("broker address must be host or host:port, was " + address);
            }
        }
    }

    /**
     * The URI without its user-info part, for error messages. Everything up to the last {@code @} goes, so a
     * password holding an unencoded {@code @} or {@code /} is hidden too.
     */
    static String redact(String uri) {
        return uri.replaceFirst("//.*@", "//***@");
    }

    private static boolean has(Map<String, String> env, String key) {
        String value = env.get(key);
        return value != null && !value.isBlank();
    }

    private static boolean bool(Map<String, String> env, String key, boolean fallback) {
        String value = env.get(key);
        if (value == null || value.isBlank()) return fallback;
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
        };
    }
}
