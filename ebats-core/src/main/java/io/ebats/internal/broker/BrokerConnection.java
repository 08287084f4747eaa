package io.ebats.internal.broker;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.ebats.BrokerSettings;
import io.ebats.EbatsException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/** Opens self-recovering AMQP connections from {@link BrokerSettings}. */
public final class BrokerConnection {

    private static final int NETWORK_RECOVERY_MILLIS = 2000;
    private static final int RPC_TIMEOUT_MILLIS = 30_000;

    private BrokerConnection() {
    }

    /**
     * Opens a connection named {@code name} (visible in the broker's connection list).
     *
     * @throws EbatsException naming the broker (never the password) when it cannot be reached
     */
    public static Connection open(BrokerSettings settings, String name) {
        return open(factory(settings), settings, name);
    }

    /**
     * Opens a connection that does not recover by itself: for what must know that it lost its connection, such as
     * an exclusive consumer that a recovery would silently declare again.
     *
     * @throws EbatsException naming the broker (never the password) when it cannot be reached
     */
    public static Connection openWithoutRecovery(BrokerSettings settings, String name) {
        ConnectionFactory factory = factory(settings);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        return open(factory, settings, name);
    }

    private static Connection open(ConnectionFactory factory, BrokerSettings settings, String name) {
        try {
            if (settings.addresses().isEmpty()) {
                return factory.newConnection(name);
            }
            int defaultPort = settings.tls() ? ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT
                    : ConnectionFactory.DEFAULT_AMQP_PORT;
            List<Address> addresses = settings.addresses().stream()
                    .map(a -> a.contains(":") ? Address.parseAddress(a) : new Address(a, defaultPort))
                    .toList();
            return factory.newConnection(addresses, name);
        } catch (IOException | TimeoutException e) {
            throw new EbatsException("cannot connect to the broker at " + settings.describe() + ": "
                    + rootMessage(e), e);
        }
    }

    static ConnectionFactory factory(BrokerSettings settings) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            if (settings.uri() != null) {
                factory.setUri(settings.uri());
            }
            if (settings.tls()) {
                if (settings.verifyPeer()) {
                    factory.useSslProtocol(settings.trustedCertificates() != null
                            ? TrustedCertificates.sslContext(settings.trustedCertificates()) : SSLContext.getDefault());
                    factory.enableHostnameVerification();
                } else {
                    factory.useSslProtocol(); // trusts any certificate: only when verifyPeer is off
                }
            }
        } catch (GeneralSecurityException | URISyntaxException e) {
            throw new IllegalArgumentException("broker settings are invalid: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker URI is invalid: " + e.getMessage(), e);
        }
        if (settings.virtualHost() != null) factory.setVirtualHost(settings.virtualHost());
        if (settings.username() != null) factory.setUsername(settings.username());
        if (settings.password() != null) factory.setPassword(settings.password());
        factory.setRequestedHeartbeat((int) settings.heartbeat().toSeconds());
        factory.setConnectionTimeout((int) settings.connectionTimeout().toMillis());
        factory.setHandshakeTimeout((int) settings.connectionTimeout().toMillis());
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(NETWORK_RECOVERY_MILLIS);
        factory.setChannelRpcTimeout(RPC_TIMEOUT_MILLIS);
        return factory;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
