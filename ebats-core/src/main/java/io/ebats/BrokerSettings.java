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
 * <p>Immutable and thread-safe. Start from {@link #uri(String)}, {@link #addresses(List, String, String)} or
 * {@link #defaults()}, or set every field with {@link #builder()}; {@link #toBuilder()} adjusts existing
 * settings. {@link #toString()} never shows the password.
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

    /** Prefer {@link #builder()}: the constructor takes every field in order. */
    public BrokerSettings {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        if (uri == null && addresses.isEmpty()) {
            uri = DEFAULT_URI;
        }
        if (uri != null) {
            checkUri(uri);
        }
        addresses.forEach(BrokerSettings::checkAddress);
        heartbeat = checkHeartbeat(heartbeat == null ? DEFAULT_HEARTBEAT : heartbeat);
        connectionTimeout = checkConnectionTimeout(
                connectionTimeout == null ? DEFAULT_CONNECTION_TIMEOUT : connectionTimeout);
    }

    /** The default: {@value #DEFAULT_URI}. */
    public static BrokerSettings defaults() {
        return builder().build();
    }

    /** Settings from a URI such as {@code amqp://guest:guest@localhost:5672/}; TLS when it is {@code amqps}. */
    public static BrokerSettings uri(String uri) {
        return builder().uri(uri).build();
    }

    /** Settings for a cluster: {@code host:port} addresses tried in order. */
    public static BrokerSettings addresses(List<String> addresses, String username, String password) {
        return builder().addresses(addresses).credentials(username, password).build();
    }

    /** A builder holding the defaults: {@value #DEFAULT_URI}, no TLS, peer verification on. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
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

    /**
     * Builds {@link BrokerSettings}; every setter checks its value at once and names the field in its error.
     * Not thread-safe: use one builder on one thread.
     */
    public static final class Builder {
        private String uri = DEFAULT_URI;
        private List<String> addresses = List.of();
        private String virtualHost;
        private String username;
        private String password;
        private boolean tls;
        private boolean verifyPeer = true;
        private Path trustedCertificates;
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;

        private Builder() {
        }

        private Builder(BrokerSettings s) {
            uri = s.uri;
            addresses = s.addresses;
            virtualHost = s.virtualHost;
            username = s.username;
            password = s.password;
            tls = s.tls;
            verifyPeer = s.verifyPeer;
            trustedCertificates = s.trustedCertificates;
            heartbeat = s.heartbeat;
            connectionTimeout = s.connectionTimeout;
        }

        /** Connects to this URI instead of any addresses; an {@code amqps} URI turns TLS on. */
        public Builder uri(String value) {
            uri = checkUri(Objects.requireNonNull(value, "uri"));
            addresses = List.of();
            tls = tls || value.startsWith("amqps:");
            return this;
        }

        /** Connects to the first of these {@code host:port} addresses that answers, instead of the URI. */
        public Builder addresses(List<String> value) {
            List<String> checked = List.copyOf(Objects.requireNonNull(value, "addresses"));
            checked.forEach(BrokerSettings::checkAddress);
            if (checked.isEmpty()) {
                throw new IllegalArgumentException("addresses must hold at least one host or host:port");
            }
            addresses = checked;
            uri = null;
            return this;
        }

        /** The virtual host; null for the URI's or {@code /}. */
        public Builder virtualHost(String value) {
            virtualHost = value;
            return this;
        }

        /** User name and password; null for the URI's or {@code guest}. */
        public Builder credentials(String user, String pass) {
            username = user;
            password = pass;
            return this;
        }

        /** Whether to use TLS; an {@code amqps} URI or trusted certificates turn it on. */
        public Builder tls(boolean value) {
            tls = value;
            return this;
        }

        /** Whether TLS checks the server certificate and its host name; on by default. */
        public Builder verifyPeer(boolean value) {
            verifyPeer = value;
            return this;
        }

        /** Trusts the certificate authorities of this PEM file (a private CA) instead of the JVM's; implies TLS. */
        public Builder trustedCertificates(Path pemFile) {
            trustedCertificates = Objects.requireNonNull(pemFile, "trustedCertificates");
            tls = true;
            return this;
        }

        /** AMQP heartbeat interval, zero for none; default {@link #DEFAULT_HEARTBEAT}. */
        public Builder heartbeat(Duration value) {
            heartbeat = checkHeartbeat(value);
            return this;
        }

        /** Bound on the TCP connection and the AMQP handshake; default {@link #DEFAULT_CONNECTION_TIMEOUT}. */
        public Builder connectionTimeout(Duration value) {
            connectionTimeout = checkConnectionTimeout(value);
            return this;
        }

        /**
         * Applies {@code EBATS_BROKER_URI}, {@code EBATS_BROKER_ADDRESSES} (comma separated),
         * {@code EBATS_BROKER_VHOST}, {@code EBATS_BROKER_USERNAME}, {@code EBATS_BROKER_PASSWORD},
         * {@code EBATS_BROKER_TLS}, {@code EBATS_BROKER_VERIFY_PEER}, {@code EBATS_BROKER_CA_CERTIFICATES} and
         * {@code EBATS_BROKER_HEARTBEAT} over the values set so far; blank variables change nothing.
         *
         * @throws IllegalArgumentException naming the variable when its value is wrong
         */
        public Builder environment(Map<String, String> env) {
            Variables vars = new Variables(env);
            vars.ifSet("EBATS_BROKER_URI", "uri", value -> uri(value.trim()));
            vars.ifSet("EBATS_BROKER_ADDRESSES", "addresses",
                    value -> addresses(List.of(value.trim().split("\\s*,\\s*"))));
            vars.ifSet("EBATS_BROKER_VHOST", "virtualHost", this::virtualHost);
            vars.ifSet("EBATS_BROKER_USERNAME", "username", value -> credentials(value, password));
            vars.ifSet("EBATS_BROKER_PASSWORD", "password", value -> credentials(username, value));
            vars.ifSet("EBATS_BROKER_TLS", "tls", value -> tls(Variables.bool("EBATS_BROKER_TLS", value)));
            vars.ifSet("EBATS_BROKER_VERIFY_PEER", "verifyPeer",
                    value -> verifyPeer(Variables.bool("EBATS_BROKER_VERIFY_PEER", value)));
            vars.ifSet("EBATS_BROKER_CA_CERTIFICATES", "trustedCertificates",
                    value -> trustedCertificates(Path.of(value.trim())));
            vars.ifSet("EBATS_BROKER_HEARTBEAT", "heartbeat",
                    value -> heartbeat(Durations.parse("EBATS_BROKER_HEARTBEAT", value)));
            return this;
        }

        public BrokerSettings build() {
            return new BrokerSettings(uri, addresses, virtualHost, username, password, tls, verifyPeer,
                    trustedCertificates, heartbeat, connectionTimeout);
        }
    }

    private static String checkUri(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (Exception e) {
            throw new IllegalArgumentException("uri must be a valid URI, was " + redact(uri));
        }
        String scheme = parsed.getScheme();
        if (!"amqp".equals(scheme) && !"amqps".equals(scheme)) {
            throw new IllegalArgumentException("uri must start with amqp:// or amqps://, was " + redact(uri));
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw new IllegalArgumentException("uri must name a host, was " + redact(uri));
        }
        return uri;
    }

    private static void checkAddress(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("addresses must be host or host:port, was empty");
        }
        int colon = address.lastIndexOf(':');
        if (colon > 0) {
            try {
                int port = Integer.parseInt(address.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("addresses must be host or host:port, was " + address);
            }
        }
    }

    private static Duration checkHeartbeat(Duration heartbeat) {
        if (Objects.requireNonNull(heartbeat, "heartbeat").isNegative()) {
            throw new IllegalArgumentException("heartbeat must not be negative, was " + heartbeat);
        }
        return heartbeat;
    }

    private static Duration checkConnectionTimeout(Duration timeout) {
        if (Objects.requireNonNull(timeout, "connectionTimeout").isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("connectionTimeout must be positive, was " + timeout);
        }
        return timeout;
    }

    /**
     * The URI without its user-info part, for error messages. Everything up to the last {@code @} goes, so a
     * password holding an unencoded {@code @} or {@code /} is hidden too.
     */
    static String redact(String uri) {
        return uri.replaceFirst("//.*@", "//***@");
    }
}
