package io.ebats.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.SystemConfig;

/**
 * An AMQP 0-9-1 broker (Apache Qpid Broker-J) running inside this JVM, listening on a real TCP socket, with a
 * durable Derby store in its data directory: persistent messages in durable queues survive a {@link #close()}
 * and a new {@link #start(Options)} on the same directory.
 *
 * <p>The broker has one virtual host, reachable as {@code "/"} (the amqp-client default) or by its name, and
 * one user. It speaks AMQP 0-9-1 but is not RabbitMQ: RabbitMQ-only queue arguments close the connection,
 * exchange-to-exchange bindings are refused, and delays use Qpid's {@code holdOnPublishEnabled} queues with an
 * {@code x-qpid-not-valid-before} header instead.
 *
 * <p>Qpid logs a lot at INFO. When the application logs through Logback, the loggers {@code org.apache.qpid},
 * {@code qpid.message} and {@code qpid.statistics} are set to WARN and {@code DERBY} (Derby's diagnostic log,
 * sent there rather than to a {@code derby.log} file) to ERROR, unless the application configured them; with
 * another SLF4J backend, configure those loggers there.
 *
 * <p>Thread-safety: instances are safe for use by several threads. The caller of {@link #start(Options)} owns
 * the broker and must close it; closing stops the broker, drops its client connections, frees the port and
 * unlocks the data directory, so a new broker can start on it in the same JVM. A data directory can be used by
 * one broker at a time.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Default data directory, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of(".ebats", "broker");
    /** Default address to listen on: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The capabilities advertised in connection.start, as RabbitMQ names them. */
    static final String CAPABILITIES = "{\"capabilities\": {\"publisher_confirms\": true, \"basic.nack\": true}}";

    /** The AMQP port, used by default when it is free. */
    public static final int DEFAULT_PORT = 5672;
    /** Port choice: {@link #DEFAULT_PORT} when free, otherwise a free port chosen by the operating system. */
    public static final int AUTO_PORT = -1;
    /** Port choice: a free port chosen by the operating system. */
    public static final int ANY_FREE_PORT = 0;
    /** Default user name. */
    public static final String DEFAULT_USERNAME = "guest";
    /** Default password. */
    public static final String DEFAULT_PASSWORD = "guest";

    private static final String INITIAL_CONFIG = "broker-config.json";
    /** How often Qpid releases held messages; its default of 30 s would make short delays 30 s late. */
    private static final String HOUSEKEEPING_PERIOD_MS = "100";

    private final QpidLauncher qpid;
    private final DirectoryLock lock;
    private final Options options;
    private final int port;
    private boolean closed;

    private EmbeddedBroker(QpidLauncher qpid, DirectoryLock lock, Options options, int port) {
        this.qpid = qpid;
        this.lock = lock;
        this.options = options;
        this.port = port;
    }

    /**
     * Starts a broker with {@link Options#defaults()}.
     *
     * @return the running broker, to be closed by the caller
     * @throws EmbeddedBrokerException if the broker cannot start
     */
    public static EmbeddedBroker start() {
        return start(Options.defaults());
    }

    /**
     * Starts a broker and returns once it accepts connections. The first start in a JVM takes a few seconds
     * (mostly loading Qpid), later ones well under a second.
     *
     * @param options where and how to run
     * @return the running broker, to be closed by the caller
     * @throws EmbeddedBrokerException if the port is taken, the data directory is in use, or Qpid fails
     */
    public static EmbeddedBroker start(Options options) {
        Objects.requireNonNull(options, "options");
        QpidLogging.configure();
        Path dataDirectory = options.dataDirectory().toAbsolutePath().normalize();
        DirectoryLock lock = DirectoryLock.acquire(dataDirectory);
        try {
            int requestedPort = choosePort(options.host(), options.port());
            QpidLauncher qpid;
            try {
                qpid = QpidLauncher.start(systemAttributes(options, dataDirectory, requestedPort));
            } catch (EmbeddedBrokerException e) {
                throw failure(options.host(), requestedPort, dataDirectory, e);
            }
            return new EmbeddedBroker(qpid, lock, options.withDataDirectory(dataDirectory), qpid.boundPort());
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The connection URI for amqp-client, with the user, the password and the default virtual host. */
    public String uri() {
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "amqp://" + userInfo(options.username()) + ":" + userInfo(options.password()) + "@" + host + ":" + port;
    }

    /** The port the broker listens on. */
    public int port() {
        return port;
    }

    /** The host or address the broker listens on. */
    public String host() {
        return options.host();
    }

    /** The absolute data directory holding the Derby store. */
    public Path dataDirectory() {
        return options.dataDirectory();
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Stops the broker and waits for it: client connections are dropped, the port and the data directory are
     * released. Idempotent; later calls return at once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            qpid.stop();
        } finally {
            lock.close();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedBroker[" + options.host() + ":" + port + ", " + options.dataDirectory() + "]";
    }

    private static Map<String, Object> systemAttributes(Options options, Path dataDirectory, int port) {
        URL initialConfig = EmbeddedBroker.class.getResource(INITIAL_CONFIG);
        if (initialConfig == null) {
            throw new EmbeddedBrokerException("missing resource " + INITIAL_CONFIG + " next to " + EmbeddedBroker.class);
        }
        Map<String, String> context = new HashMap<>();
        context.put("qpid.work_dir", literal(dataDirectory.toString()));
        context.put("qpid.amqp_port", Integer.toString(port));
        context.put("ebats.host", literal(options.host()));
        context.put("ebats.username", literal(options.username()));
        context.put("ebats.password", literal(options.password()));
        context.put("qpid.broker.defaultPreferenceStoreAttributes", "{\"type\": \"Noop\"}");
        context.put("virtualhost.housekeepingCheckPeriod", HOUSEKEEPING_PERIOD_MS);
        context.put(Broker.BROKER_FAIL_STARTUP_WITH_ERRORED_CHILD, "true");
        // Clients such as pika look for what a broker can do in connection.start's capabilities, as RabbitMQ
        // sends them: the supplied-map enricher adds the ones Qpid has (not exchange-to-exchange bindings).
        context.put("qpid.port.connection_property_enrichers", "[\"STANDARD\", \"SUPPLIED-MAP\"]");
        context.put("qpid.connection.property_map", CAPABILITIES);
        // Qpid sizes its pools for a dedicated server (about 90 threads); a few do for one application.
        int ioThreads = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
        context.put("virtualhost.connectionThreadPool.size", Integer.toString(ioThreads));
        context.put("virtualhost.connectionThreadPool.numberOfSelectors", Integer.toString(Math.max(1, ioThreads / 8)));
        context.put("qpid.port.amqp.threadPool.size", "2");
        context.put("qpid.port.amqp.threadPool.numberOfSelectors", "1");

        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory"); // broker model rebuilt from the initial config on every start
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, initialConfig.toExternalForm());
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put("context", context);
        return attributes;
    }

    /** Qpid expands {@code ${...}} twice on the way to the user's attributes, and reads {@code $$} as {@code $}. */
    private static String literal(String value) {
        return value.replace("$", "$$$$");
    }

    private static int choosePort(String host, int requested) {
        if (requested == AUTO_PORT) {
            return isFree(host, DEFAULT_PORT) ? DEFAULT_PORT : ANY_FREE_PORT;
        }
        if (requested != ANY_FREE_PORT && !isFree(host, requested)) {
            throw portTaken(host, requested, null);
        }
        return requested;
    }

    private static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static EmbeddedBrokerException failure(String host, int port, Path dataDirectory, Exception e) {
        if (port != ANY_FREE_PORT && !isFree(host, port)) {
            return portTaken(host, port, e);
        }
        return new EmbeddedBrokerException("embedded broker failed to start in " + dataDirectory + ": "
                + e.getMessage(), e);
    }

    private static EmbeddedBrokerException portTaken(String host, int port, Exception cause) {
        return new EmbeddedBrokerException("port " + port + " on " + host + " is already in use;"
                + " choose another port, or " + ANY_FREE_PORT + " for any free port", cause);
    }

    /** Percent-encodes ASCII; leaves other characters as they are, since amqp-client decodes %XX as one char. */
    private static String userInfo(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~".indexOf(c) >= 0;
            if (unreserved || c >= 0x80) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    /**
     * Start options. Immutable; start from {@link #defaults()} and change what differs:
     * {@code Options.defaults().withPort(0).withDataDirectory(dir)}.
     *
     * @param dataDirectory where the Derby store lives; created when missing
     * @param host the address to listen on
     * @param port {@link #AUTO_PORT}, {@link #ANY_FREE_PORT}, or a port from 1 to 65535 that must be free
     * @param username the one user's name
     * @param password the one user's password
     */
    public record Options(Path dataDirectory, String host, int port, String username, String password) {

        /** Validates every field. */
        public Options {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            requireText(host, "host");
            requireText(username, "username");
            Objects.requireNonNull(password, "password");
            if (port < AUTO_PORT || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535, or " + ANY_FREE_PORT
                        + " (any free port), or " + AUTO_PORT + " (5672 when free), but was " + port);
            }
        }

        /** {@code ./.ebats/broker}, 127.0.0.1, {@link #AUTO_PORT}, guest/guest. */
        public static Options defaults() {
            return new Options(DEFAULT_DATA_DIRECTORY, DEFAULT_HOST, AUTO_PORT, DEFAULT_USERNAME, DEFAULT_PASSWORD);
        }

        /** A copy with another data directory. */
        public Options withDataDirectory(Path dataDirectory) {
            return new Options(dataDirectory, host, port, username, password);
        }

        /** A copy with another listening address. */
        public Options withHost(String host) {
            return new Options(dataDirectory, host, port, username, password);
        }

        /** A copy with another port choice. */
        public Options withPort(int port) {
            return new Options(dataDirectory, host, port, username, password);
        }

        /** A copy with another user. */
        public Options withCredentials(String username, String password) {
            return new Options(dataDirectory, host, port, username, password);
        }

        @Override
        public String toString() {
            return "Options[dataDirectory=" + dataDirectory + ", host=" + host + ", port=" + port
                    + ", username=" + username + ", password=***]";
        }

        private static void requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
        }
    }
}
