package io.ebats.spring;

import io.ebats.BrokerType;
import io.ebats.QueueType;
import io.ebats.Schedule.Misfire;
import io.ebats.Schedule.Overlap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code ebats.*} properties: the keys of {@code ebats.yml} in Spring's relaxed form
 * ({@code queueType} is {@code ebats.queue-type}), so that {@code EBATS_*} environment variables and every other
 * Spring property source set them. Registrations and schedules are lists, since Spring map keys lose {@code _}:
 * {@code ebats.registrations[0].event=order_paied}.
 *
 * <p>A property left unset takes the value of the imported {@link #getConfigFile() config file}, else the engine's
 * default; a property set wins over the file. Bound once at start by Spring; not thread-safe while binding, read
 * only afterwards.
 */
@ConfigurationProperties("ebats")
public class EbatsProperties {

    /** An ebats.yml whose settings, registrations and schedules are imported; these properties win over it. */
    private String configFile;

    /** Prefix of every exchange and queue name. Default: ebats. */
    private String namespace;

    /** Type of the task, delay and dead-letter queues: quorum or classic. Default: quorum. */
    private QueueType queueType;

    /** The broker's kind: auto (detected when connecting), rabbitmq or qpid. Default: auto. */
    private BrokerType brokerType;

    /**
     * Name of the delay ladder, shared by the namespaces of a virtual host that name it. Default: ebats.ladder for
     * quorum queues, ebats.ladder-classic for classic ones.
     */
    private String delayLadder;

    /** Levels of the delay ladder, 1 to 42; the longest delay is 2^levels - 1 ms. Default: 35 (about 397 days). */
    private Integer delayLevels;

    /** How long a publish waits for the broker's confirm before it fails. Default: 10s. */
    private Duration publishTimeout;

    /** Messages larger than this many bytes are refused when published and dead-lettered when consumed. Default: 1 MiB. */
    private Integer maxMessageBytes;

    private final Broker broker = new Broker();

    private final Worker worker = new Worker();

    /**
     * Tasks registered under events: for each event published, the scheduler creates these tasks. Each has event,
     * task, topic, delay and, for a unique task, unique.key (a template over the event's params such as
     * order:{order_id}) and unique.for (how long the key stays held after the task succeeded, default 0), which
     * need the history store (ebats.history.url).
     */
    private List<Registration> registrations = new ArrayList<>();

    /** Recurring schedules, each firing an event or a task. */
    private List<Schedule> schedules = new ArrayList<>();

    private final History history = new History();

    private final Dashboard dashboard = new Dashboard();

    private final Metrics metrics = new Metrics();
    private final Observation observation = new Observation();

    public String getConfigFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public QueueType getQueueType() {
        return queueType;
    }

    public void setQueueType(QueueType queueType) {
        this.queueType = queueType;
    }

    public BrokerType getBrokerType() {
        return brokerType;
    }

    public void setBrokerType(BrokerType brokerType) {
        this.brokerType = brokerType;
    }

    public String getDelayLadder() {
        return delayLadder;
    }

    public void setDelayLadder(String delayLadder) {
        this.delayLadder = delayLadder;
    }

    public Integer getDelayLevels() {
        return delayLevels;
    }

    public void setDelayLevels(Integer delayLevels) {
        this.delayLevels = delayLevels;
    }

    public Duration getPublishTimeout() {
        return publishTimeout;
    }

    public void setPublishTimeout(Duration publishTimeout) {
        this.publishTimeout = publishTimeout;
    }

    public Integer getMaxMessageBytes() {
        return maxMessageBytes;
    }

    public void setMaxMessageBytes(Integer maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    public Broker getBroker() {
        return broker;
    }

    public Worker getWorker() {
        return worker;
    }

    public List<Registration> getRegistrations() {
        return registrations;
    }

    public void setRegistrations(List<Registration> registrations) {
        this.registrations = registrations;
    }

    public List<Schedule> getSchedules() {
        return schedules;
    }

    public void setSchedules(List<Schedule> schedules) {
        this.schedules = schedules;
    }

    public History getHistory() {
        return history;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

    public Observation getObservation() {
        return observation;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    /** Where the broker is ({@code ebats.broker.*}). */
    public static class Broker {

        /** AMQP URI of the broker, such as amqp://user:pass@host:5672/vhost. Default: amqp://guest:guest@localhost:5672. */
        private String uri;

        /** host:port addresses of the cluster's nodes, tried in turn; instead of the URI. */
        private List<String> addresses;

        /** The virtual host; default the URI's, or /. */
        private String vhost;

        /** User name; default the URI's, or guest. */
        private String username;

        /** Password; default the URI's, or guest. */
        private String password;

        /** Whether to use TLS; an amqps URI or CA certificates turn it on. */
        private Boolean tls;

        /** Whether TLS checks the server certificate and host name. Default: true. */
        private Boolean verifyPeer;

        /** A PEM file of the certificate authorities to trust instead of the JVM's (a private CA); implies TLS. */
        private String caCertificates;

        /** AMQP heartbeat interval, 0 for none. Default: 30s. */
        private Duration heartbeat;

        /** Bound on the TCP connection and the AMQP handshake. Default: 10s. */
        private Duration connectionTimeout;

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public List<String> getAddresses() {
            return addresses;
        }

        public void setAddresses(List<String> addresses) {
            this.addresses = addresses;
        }

        public String getVhost() {
            return vhost;
        }

        public void setVhost(String vhost) {
            this.vhost = vhost;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public Boolean getTls() {
            return tls;
        }

        public void setTls(Boolean tls) {
            this.tls = tls;
        }

        public Boolean getVerifyPeer() {
            return verifyPeer;
        }

        public void setVerifyPeer(Boolean verifyPeer) {
            this.verifyPeer = verifyPeer;
        }

        public String getCaCertificates() {
            return caCertificates;
        }

        public void setCaCertificates(String caCertificates) {
            this.caCertificates = caCertificates;
        }

        public Duration getHeartbeat() {
            return heartbeat;
        }

        public void setHeartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
        }

        public Duration getConnectionTimeout() {
            return connectionTimeout;
        }

        public void setConnectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
        }
    }

    /** The worker of this application ({@code ebats.worker.*}); it runs the {@code @HandlesTask} methods of beans. */
    public static class Worker {

        /** Topics whose task queues the worker consumes; without any, the worker does not start. */
        private List<String> topics;

        /** Tasks run at once per topic, 1 to 10000. Default: 16. */
        private Integer concurrency;

        /** How long a handler may run before it is interrupted and the attempt counts as a retryable failure. Default: 5m. */
        private Duration timeout;

        /**
         * How long stopping waits for running tasks before returning the rest to the queue; at most
         * spring.lifecycle.timeout-per-shutdown-phase. Default: 30s, or that phase timeout when it is shorter.
         */
        private Duration shutdownGrace;

        /**
         * Whether handlers run on virtual threads instead of the worker's platform threads. Default: the value of
         * spring.threads.virtual.enabled.
         */
        private Boolean virtualThreads;

        public Boolean getVirtualThreads() {
            return virtualThreads;
        }

        public void setVirtualThreads(Boolean virtualThreads) {
            this.virtualThreads = virtualThreads;
        }

        public List<String> getTopics() {
            return topics;
        }

        public void setTopics(List<String> topics) {
            this.topics = topics;
        }

        public Integer getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(Integer concurrency) {
            this.concurrency = concurrency;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getShutdownGrace() {
            return shutdownGrace;
        }

        public void setShutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = shutdownGrace;
        }
    }

    /** One task registered under an event ({@code ebats.registrations[i].*}). */
    public static class Registration {

        /** The event's name, such as order_paied. */
        private String event;

        /** The task's name, as the handler's @HandlesTask names it. */
        private String task;

        /** The topic whose queue receives the task. */
        private String topic;

        /** How long after the event the task is due. Default: 0, at once. */
        private Duration delay;

        /** The task's unique key; none unless unique.key is set. */
        private final Unique unique = new Unique();

        public Unique getUnique() {
            return unique;
        }

        public String getEvent() {
            return event;
        }

        public void setEvent(String event) {
            this.event = event;
        }

        public String getTask() {
            return task;
        }

        public void setTask(String task) {
            this.task = task;
        }

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public Duration getDelay() {
            return delay;
        }

        public void setDelay(Duration delay) {
            this.delay = delay;
        }
    }

    /**
     * The unique key of a registration's task ({@code ebats.registrations[i].unique.*}): while a task holding the
     * key is queued, running or retrying, or succeeded less than {@code for} ago, the scheduler creates no other.
     * Held in the history store (ebats.history.url), which the workers of the topic must record to.
     */
    public static class Unique {

        /** A key, or a template over the event's params such as order:{order_id}. */
        private String key;

        /** How long the key stays held after its task succeeded ({@code unique.for}). Default: 0, not at all. */
        private Duration window;

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        /** How long the key stays held after its task succeeded. Default: 0, not at all. */
        public Duration getFor() {
            return window;
        }

        public void setFor(Duration window) {
            this.window = window;
        }
    }

    /** A recurring schedule ({@code ebats.schedules[i].*}): a cron or a fixed rate, firing an event or a task. */
    public static class Schedule {

        /** Unique among the namespace's schedules. */
        private String name;

        /** A cron expression of 5 or 6 fields; instead of every. */
        private String cron;

        /** A fixed rate, aligned to the epoch; instead of cron. */
        private Duration every;

        /** Time zone of the cron expression. Default: UTC. */
        private String zone;

        /** The event each fire publishes; instead of task. */
        private String event;

        /** The task each fire creates (with topic); instead of event. */
        private String task;

        /** The topic of the task each fire creates. */
        private String topic;

        /** Params of each fire. */
        private Map<String, Object> params = new LinkedHashMap<>();

        /** What a start does about fires missed while no process ran: skip, once or all. Default: once. */
        private Misfire misfire;

        /** How far back misfire=all reaches. Default: 1h. */
        private Duration catchUp;

        /**
         * Whether a fire waits for the previous fire's task to settle: fire (default) or skip, which needs a task
         * target and the history store (ebats.history.url).
         */
        private Overlap overlap;

        public Overlap getOverlap() {
            return overlap;
        }

        public void setOverlap(Overlap overlap) {
            this.overlap = overlap;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = cron;
        }

        public Duration getEvery() {
            return every;
        }

        public void setEvery(Duration every) {
            this.every = every;
        }

        public String getZone() {
            return zone;
        }

        public void setZone(String zone) {
            this.zone = zone;
        }

        public String getEvent() {
            return event;
        }

        public void setEvent(String event) {
            this.event = event;
        }

        public String getTask() {
            return task;
        }

        public void setTask(String task) {
            this.task = task;
        }

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public Map<String, Object> getParams() {
            return params;
        }

        public void setParams(Map<String, Object> params) {
            this.params = params;
        }

        public Misfire getMisfire() {
            return misfire;
        }

        public void setMisfire(Misfire misfire) {
            this.misfire = misfire;
        }

        public Duration getCatchUp() {
            return catchUp;
        }

        public void setCatchUp(Duration catchUp) {
            this.catchUp = catchUp;
        }
    }

    /**
     * The history of attempts ({@code ebats.history.*}), with ebats-store on the class path: a history store that
     * records every attempt of the worker, lets it skip tasks that already succeeded, and serves schedules with
     * {@code overlap: skip}.
     */
    public static class History {

        /** JDBC URL of the history database (PostgreSQL, H2, SQLite); without it, no history store. */
        private String url;

        /** User of the history database. */
        private String user;

        /** Password of the history database. */
        private String password;

        /** The schema to create and use (not on SQLite). Default: the connection's. */
        private String schema;

        /** How long attempts are kept. Default: 30d. */
        private Duration retention;

        public String getSchema() {
            return schema;
        }

        public void setSchema(String schema) {
            this.schema = schema;
        }

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }
    }

    /** The web dashboard ({@code ebats.dashboard.*}), with ebats-dashboard on the class path; off by default. */
    public static class Dashboard {

        /** Whether to serve the dashboard. Default: false. */
        private boolean enabled;

        /** The address the dashboard binds. Default: 127.0.0.1. */
        private String bind = "127.0.0.1";

        /** The dashboard's port, 0 for any free one; apart from the application's server.port. Default: 8081. */
        private int port = 8081;

        /** The token every dashboard action needs, at least 16 characters. Default: a random one, logged at start. */
        private String token;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getBind() {
            return bind;
        }

        public void setBind(String bind) {
            this.bind = bind;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }
    }

    /** Metrics on the application's MeterRegistry ({@code ebats.metrics.*}). */
    public static class Metrics {

        /**
         * Whether to add gauges of the broker's queues (ready, in flight, consumers, dead letters per topic, delayed,
         * workers online), refreshed every 5 s with a round trip to the broker per queue. Default: false.
         */
        private boolean brokerGauges;

        public boolean isBrokerGauges() {
            return brokerGauges;
        }

        public void setBrokerGauges(boolean brokerGauges) {
            this.brokerGauges = brokerGauges;
        }
    }

    /** Tracing of publishes and handler runs ({@code ebats.observation.*}). */
    public static class Observation {

        /**
         * Whether to observe every publish, event dispatch and handler run with the application's
         * ObservationRegistry (spans by the OpenTelemetry messaging conventions, W3C trace context in the AMQP
         * headers); needs ebats-observation on the class path. Default: false.
         */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
