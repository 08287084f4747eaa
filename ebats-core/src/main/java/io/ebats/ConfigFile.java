package io.ebats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The contents of an {@code ebats.yml} file: engine settings, the event registry and worker defaults.
 *
 * <pre>
 * broker:
 *   uri: amqp://localhost:5672       # or addresses: [node1:5672, node2:5672]
 *   username: guest                  # EBATS_BROKER_* variables override these
 *   password: guest
 *   heartbeat: 30s
 *   caCertificates: /etc/ebats/ca.pem  # TLS with a private CA
 * namespace: ebats
 * queueType: quorum
 * events:
 *   order_create:
 *     - { task: closeOrder, topic: demo, delay: 10s }
 *   order_paied:
 *     - { task: virtualShipping, topic: demo, retry: { maxAttempts: 3, initialBackoff: 2s } }
 * worker:
 *   topics: [demo]
 *   concurrency: 16
 *   timeout: 5m
 * history:                           # EBATS_HISTORY_URL / _USER override these; EBATS_HISTORY_PASSWORD
 *   url: jdbc:postgresql://db/ebats  # default: a SQLite file under the command line's data directory
 *   user: ebats
 *   retention: 30d
 *   redact: [password, token, secret, authorization, api_key]
 * dashboard:
 *   bind: 127.0.0.1
 *   port: 8080
 *   token: a-long-random-string      # EBATS_DASHBOARD_TOKEN overrides it; default: random at each start
 * </pre>
 *
 * Unknown keys are errors, so a typo never goes unnoticed. Passwords are never read from the file.
 *
 * @param config        engine settings, with the file's values over the defaults
 * @param registrations the event registry
 * @param worker        worker defaults for the command line
 * @param history       where the command line records and reads the history of attempts
 * @param dashboard     where the command line serves the dashboard
 */
public record ConfigFile(EbatsConfig config, List<Registration> registrations, WorkerDefaults worker,
                         HistoryDefaults history, DashboardDefaults dashboard) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * Worker settings from the file.
     *
     * @param topics      topics to consume
     * @param concurrency tasks run at once per topic
     * @param timeout     handler timeout
     */
    public record WorkerDefaults(List<String> topics, int concurrency, Duration timeout) {
        public static final int DEFAULT_CONCURRENCY = 16;
        public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

        public WorkerDefaults {
            topics = List.copyOf(topics);
            topics.forEach(t -> Names.require("topic", t));
            if (concurrency < 1) {
                throw new IllegalArgumentException("worker.concurrency must be at least 1, was " + concurrency);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("worker.timeout must be positive, was " + timeout);
            }
        }

        static WorkerDefaults defaults() {
            return new WorkerDefaults(List.of(), DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT);
        }
    }

    /**
     * History settings from the file: the database where {@code ebats up} and {@code ebats worker} record every
     * attempt and {@code ebats history} and {@code ebats dashboard} read them. The password is never read from
     * the file; the command line takes it from {@code EBATS_HISTORY_PASSWORD}.
     *
     * @param enabled   whether {@code up} and {@code worker} record attempts
     * @param url       JDBC URL of a SQLite, H2 or PostgreSQL database; null for a SQLite file under the data
     *                  directory
     * @param user      the database user, or null
     * @param retention attempts that started longer ago than this are deleted
     * @param redact    param keys (any depth, case-insensitive) whose values are stored as {@code "***"}
     */
    public record HistoryDefaults(boolean enabled, String url, String user, Duration retention, Set<String> redact) {
        public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
        /** The keys the history store redacts by default. */
        public static final Set<String> DEFAULT_REDACT =
                Set.of("password", "token", "secret", "authorization", "api_key");

        public HistoryDefaults {
            url = blankToNull(url);
            user = blankToNull(user);
            if (url != null && !url.startsWith("jdbc:")) {
                throw new IllegalArgumentException("history.url must be a JDBC URL such as jdbc:postgresql://host/db,"
                        + " was '" + url + "'");
            }
            if (retention == null || retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("history.retention must be positive, was " + retention);
            }
            redact = Set.copyOf(redact);
        }

        /** Recording on, SQLite under the data directory, {@link #DEFAULT_RETENTION}, {@link #DEFAULT_REDACT}. */
        public static HistoryDefaults defaults() {
            return new HistoryDefaults(true, null, null, DEFAULT_RETENTION, DEFAULT_REDACT);
        }

        /** {@code EBATS_HISTORY_URL} and {@code EBATS_HISTORY_USER} over the file's values. */
        public HistoryDefaults withEnvironment(Map<String, String> env) {
            String envUrl = blankToNull(env.get("EBATS_HISTORY_URL"));
            String envUser = blankToNull(env.get("EBATS_HISTORY_USER"));
            return new HistoryDefaults(enabled, envUrl != null ? envUrl : url, envUser != null ? envUser : user,
                    retention, redact);
        }
    }

    /**
     * Dashboard settings from the file, for {@code ebats up} and {@code ebats dashboard}.
     *
     * @param enabled whether {@code up} serves the dashboard
     * @param bind    the address to bind
     * @param port    the port; null for {@value #DEFAULT_PORT}, or any free port when that one is taken
     * @param token   the token actions need; null for a random one at each start
     */
    public record DashboardDefaults(boolean enabled, String bind, Integer port, String token) {
        public static final String DEFAULT_BIND = "127.0.0.1";
        public static final int DEFAULT_PORT = 8080;
        public static final int MIN_TOKEN_LENGTH = 16;

        public DashboardDefaults {
            bind = blankToNull(bind) == null ? DEFAULT_BIND : bind.trim();
            token = blankToNull(token);
            if (port != null && (port < 0 || port > 65_535)) {
                throw new IllegalArgumentException("dashboard.port must be 0..65535, was " + port);
            }
            if (token != null && token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("dashboard.token must be at least " + MIN_TOKEN_LENGTH
                        + " characters long");
            }
        }

        /** Serving on 127.0.0.1:8080 (or any free port), random token. */
        public static DashboardDefaults defaults() {
            return new DashboardDefaults(true, DEFAULT_BIND, null, null);
        }

        /** {@code EBATS_DASHBOARD_TOKEN} over the file's token. */
        public DashboardDefaults withEnvironment(Map<String, String> env) {
            String envToken = blankToNull(env.get("EBATS_DASHBOARD_TOKEN"));
            if (envToken != null && envToken.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("EBATS_DASHBOARD_TOKEN must be at least " + MIN_TOKEN_LENGTH
                        + " characters long");
            }
            return envToken == null ? this : new DashboardDefaults(enabled, bind, port, envToken);
        }

        /** The token is not shown. */
        @Override
        public String toString() {
            return "DashboardDefaults[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", token="
                    + (token == null ? "random" : "***") + "]";
        }
    }

    /** Defaults only: no file. */
    public static ConfigFile empty() {
        return new ConfigFile(EbatsConfig.defaults(), List.of(), WorkerDefaults.defaults(), HistoryDefaults.defaults(),
                DashboardDefaults.defaults());
    }

    /**
     * Reads a YAML file.
     *
     * @throws IllegalArgumentException naming the file and the field when the content is wrong
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static ConfigFile load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException parse) {
                throw new IllegalArgumentException(file + " is not valid YAML: " + parse.getOriginalMessage());
            }
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static ConfigFile parse(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return empty();
        }
        requireObject("the top level", root);
        onlyKeys("the top level", root, Set.of("broker", "brokerType", "namespace", "queueType", "delayLevels",
                "publishTimeout", "maxMessageBytes", "events", "worker", "history", "dashboard"));
        EbatsConfig config = EbatsConfig.defaults();
        if (root.has("broker")) config = config.withBroker(broker(root.get("broker")));
        if (root.has("namespace")) config = config.withNamespace(text(root, "namespace"));
        if (root.has("queueType")) {
            config = config.withQueueType(EbatsConfig.parseQueueType("queueType", text(root, "queueType")));
        }
        if (root.has("brokerType")) {
            config = config.withBrokerType(EbatsConfig.parseBrokerType("brokerType", text(root, "brokerType")));
        }
        if (root.has("delayLevels")) config = config.withDelayLevels(integer(root, "delayLevels"));
        if (root.has("publishTimeout")) config = config.withPublishTimeout(duration(root, "publishTimeout"));
        if (root.has("maxMessageBytes")) config = config.withMaxMessageBytes(integer(root, "maxMessageBytes"));
        List<Registration> registrations = root.has("events") ? events(root.get("events")) : List.of();
        WorkerDefaults worker = root.has("worker") ? worker(root.get("worker")) : WorkerDefaults.defaults();
        HistoryDefaults history = root.has("history") ? history(root.get("history")) : HistoryDefaults.defaults();
        DashboardDefaults dashboard = root.has("dashboard") ? dashboard(root.get("dashboard"))
                : DashboardDefaults.defaults();
        return new ConfigFile(config, registrations, worker, history, dashboard);
    }

    /** The registry of this file as an {@link EventManager}. */
    public EventManager eventManager() {
        return new EventManager().registerAll(registrations);
    }

    private static BrokerSettings broker(JsonNode node) {
        requireObject("broker", node);
        onlyKeys("broker", node, Set.of("uri", "addresses", "vhost", "username", "password", "tls", "verifyPeer",
                "caCertificates", "heartbeat", "connectionTimeout"));
        BrokerSettings s = BrokerSettings.defaults();
        if (node.has("uri")) s = s.withUri(text(node, "uri"));
        if (node.has("addresses")) {
            List<String> addresses = new ArrayList<>();
            node.get("addresses").forEach(a -> addresses.add(a.asText()));
            s = s.withAddresses(addresses);
        }
        if (node.has("vhost")) s = s.withVirtualHost(text(node, "vhost"));
        if (node.has("username") || node.has("password")) {
            s = s.withCredentials(node.has("username") ? text(node, "username") : null,
                    node.has("password") ? text(node, "password") : null);
        }
        if (node.has("tls") || node.has("verifyPeer")) {
            s = s.withTls(node.has("tls") ? bool(node, "tls") : s.tls(),
                    node.has("verifyPeer") ? bool(node, "verifyPeer") : s.verifyPeer());
        }
        if (node.has("caCertificates")) s = s.withTrustedCertificates(java.nio.file.Path.of(text(node, "caCertificates")));
        if (node.has("heartbeat")) s = s.withHeartbeat(duration(node, "heartbeat"));
        if (node.has("connectionTimeout")) s = s.withConnectionTimeout(duration(node, "connectionTimeout"));
        return s;
    }

    private static List<Registration> events(JsonNode node) {
        requireObject("events", node);
        List<Registration> registrations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> event = it.next();
            String where = "events." + event.getKey();
            if (!event.getValue().isArray()) {
                throw new IllegalArgumentException(where + " must be a list of {task, topic, delay}");
            }
            int index = 0;
            for (JsonNode task : event.getValue()) {
                String at = where + "[" + index++ + "]";
                requireObject(at, task);
                onlyKeys(at, task, Set.of("task", "topic", "delay", "retry"));
                try {
                    Duration delay = task.has("delay") ? duration(task, "delay") : Duration.ZERO;
                    RetryPolicy retry = task.has("retry") ? retry(at + ".retry", task.get("retry")) : null;
                    registrations.add(new Registration(event.getKey(), required(at, task, "task"),
                            required(at, task, "topic"), delay, retry));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + ": " + e.getMessage());
                }
            }
        }
        return registrations;
    }

    private static RetryPolicy retry(String where, JsonNode node) {
        requireObject(where, node);
        onlyKeys(where, node, Set.of("maxAttempts", "initialBackoff", "maxBackoff", "multiplier", "jitter"));
        RetryPolicy d = RetryPolicy.DEFAULT;
        return new RetryPolicy(
                node.has("maxAttempts") ? integer(node, "maxAttempts") : d.maxAttempts(),
                node.has("initialBackoff") ? duration(node, "initialBackoff") : d.initialBackoff(),
                node.has("maxBackoff") ? duration(node, "maxBackoff") : d.maxBackoff(),
                node.has("multiplier") ? node.get("multiplier").asDouble() : d.multiplier(),
                node.has("jitter") ? node.get("jitter").asDouble() : d.jitter());
    }

    private static WorkerDefaults worker(JsonNode node) {
        requireObject("worker", node);
        onlyKeys("worker", node, Set.of("topics", "concurrency", "timeout"));
        List<String> topics = new ArrayList<>();
        if (node.has("topics")) node.get("topics").forEach(t -> topics.add(t.asText()));
        return new WorkerDefaults(topics,
                node.has("concurrency") ? integer(node, "concurrency") : WorkerDefaults.DEFAULT_CONCURRENCY,
                node.has("timeout") ? duration(node, "timeout") : WorkerDefaults.DEFAULT_TIMEOUT);
    }

    private static HistoryDefaults history(JsonNode node) {
        requireObject("history", node);
        if (node.has("password")) {
            throw new IllegalArgumentException("history.password is never read from the file: set EBATS_HISTORY_PASSWORD");
        }
        onlyKeys("history", node, Set.of("enabled", "url", "user", "retention", "redact"));
        HistoryDefaults d = HistoryDefaults.defaults();
        Set<String> redact = d.redact();
        if (node.has("redact")) {
            if (!node.get("redact").isArray()) {
                throw new IllegalArgumentException("history.redact must be a list of param keys");
            }
            redact = new TreeSet<>();
            for (JsonNode key : node.get("redact")) {
                if (!key.isValueNode() || key.asText().isBlank()) {
                    throw new IllegalArgumentException("history.redact must be a list of param keys, had " + key);
                }
                redact.add(key.asText().trim());
            }
        }
        return new HistoryDefaults(
                node.has("enabled") ? bool(node, "enabled", "history.") : d.enabled(),
                node.has("url") ? text(node, "url", "history.") : null,
                node.has("user") ? text(node, "user", "history.") : null,
                node.has("retention") ? Durations.parse("history.retention", node.get("retention").asText())
                        : d.retention(),
                redact);
    }

    private static DashboardDefaults dashboard(JsonNode node) {
        requireObject("dashboard", node);
        onlyKeys("dashboard", node, Set.of("enabled", "bind", "port", "token"));
        DashboardDefaults d = DashboardDefaults.defaults();
        return new DashboardDefaults(
                node.has("enabled") ? bool(node, "enabled", "dashboard.") : d.enabled(),
                node.has("bind") ? text(node, "bind", "dashboard.") : d.bind(),
                node.has("port") ? integer(node, "port", "dashboard.") : null,
                node.has("token") ? text(node, "token", "dashboard.") : null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void requireObject(String where, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping of keys to values");
        }
    }

    private static void onlyKeys(String where, JsonNode node, Set<String> allowed) {
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in " + where + "; allowed: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        });
    }

    private static String required(String where, JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            throw new IllegalArgumentException(where + " needs '" + field + "'");
        }
        return node.get(field).asText();
    }

    private static String text(JsonNode node, String field) {
        return text(node, field, "");
    }

    /** @param section prefixes the field in the error message, e.g. {@code "history."} */
    private static String text(JsonNode node, String field, String section) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode()) {
            throw new IllegalArgumentException(section + field + " must be a plain value");
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String field) {
        return integer(node, field, "");
    }

    private static int integer(JsonNode node, String field, String section) {
        JsonNode value = node.get(field);
        if (!value.canConvertToInt()) {
            throw new IllegalArgumentException(section + field + " must be a whole number, was " + value);
        }
        return value.asInt();
    }

    private static boolean bool(JsonNode node, String field) {
        return bool(node, field, "");
    }

    private static boolean bool(JsonNode node, String field, String section) {
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(section + field + " must be true or false, was " + value);
        }
        return value.asBoolean();
    }

    private static Duration duration(JsonNode node, String field) {
        return Durations.parse(field, node.get(field).asText());
    }
}
