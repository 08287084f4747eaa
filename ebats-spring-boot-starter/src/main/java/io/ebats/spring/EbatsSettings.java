package io.ebats.spring;

import io.ebats.BrokerSettings;
import io.ebats.ConfigFile;
import io.ebats.ConfigNode;
import io.ebats.EbatsConfig;
import io.ebats.Names;
import io.ebats.Registration;
import io.ebats.Schedule;
import io.ebats.ScheduleTiming;
import io.ebats.UniqueKey;
import io.ebats.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The {@code ebats.*} properties over the imported config file, checked and turned into core settings. Every
 * error names the property (or the file's path) and the value.
 *
 * @param config       engine settings, before the customizers
 * @param registrations the registry of the file and the properties
 * @param schedules    the schedules of the file and the properties
 * @param topics       the worker's topics
 * @param concurrency  tasks run at once per topic
 * @param timeout      handler timeout
 * @param shutdownGrace the worker's grace, or null for the default
 */
record EbatsSettings(EbatsConfig config, List<Registration> registrations, List<Schedule> schedules,
                     List<String> topics, int concurrency, Duration timeout, Duration shutdownGrace) {

    private static final Set<String> FILE_SECTIONS = Set.of("worker", "history", "dashboard");
    private static final Set<String> WORKER_KEYS = Set.of("topics", "concurrency", "timeout", "shutdownGrace");

    static EbatsSettings of(EbatsProperties p) {
        ConfigFile file = p.getConfigFile() == null || p.getConfigFile().isBlank() ? ConfigFile.empty() : load(p);
        EbatsConfig config = config(p, file.config());

        ConfigNode worker = file.section("worker");
        if (worker.isPresent()) {
            worker.requireKeys(WORKER_KEYS);
        }
        EbatsProperties.Worker w = p.getWorker();
        List<String> topics = w.getTopics() != null ? w.getTopics()
                : worker.get("topics").isPresent() ? worker.get("topics").texts() : List.of();
        for (int i = 0; i < topics.size(); i++) {
            String topic = topics.get(i);
            check("ebats.worker.topics[" + i + "]", topic, () -> Names.require("topic", topic));
        }
        int concurrency = w.getConcurrency() != null ? w.getConcurrency()
                : worker.get("concurrency").isPresent() ? worker.get("concurrency").integer(1, 10_000)
                : Worker.Builder.DEFAULT_CONCURRENCY;
        if (concurrency < 1 || concurrency > 10_000) {
            throw new InvalidConfigurationPropertyValueException("ebats.worker.concurrency", concurrency,
                    "must be between 1 and 10000");
        }
        Duration timeout = w.getTimeout() != null ? w.getTimeout()
                : worker.get("timeout").isPresent() ? worker.get("timeout").positiveDuration()
                : Worker.Builder.DEFAULT_HANDLER_TIMEOUT;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigurationPropertyValueException("ebats.worker.timeout", timeout, "must be positive");
        }
        Duration grace = w.getShutdownGrace() != null ? w.getShutdownGrace()
                : worker.get("shutdownGrace").isPresent() ? worker.get("shutdownGrace").duration() : null;
        if (grace != null && grace.isNegative()) {
            throw new InvalidConfigurationPropertyValueException("ebats.worker.shutdown-grace", grace,
                    "must be zero or positive");
        }
        return new EbatsSettings(config, registrations(p, file), schedules(p, file), List.copyOf(topics),
                concurrency, timeout, grace);
    }

    private static ConfigFile load(EbatsProperties p) {
        Path path = Path.of(p.getConfigFile());
        if (!Files.isRegularFile(path)) {
            throw new InvalidConfigurationPropertyValueException("ebats.config-file", p.getConfigFile(),
                    "no such file (resolved to " + path.toAbsolutePath() + ")");
        }
        return ConfigFile.load(path, FILE_SECTIONS);
    }

    private static EbatsConfig config(EbatsProperties p, EbatsConfig base) {
        EbatsConfig.Builder b = base.toBuilder();
        b.broker(broker(p.getBroker(), base.broker()));
        set("ebats.namespace", p.getNamespace(), b::namespace);
        set("ebats.queue-type", p.getQueueType(), b::queueType);
        set("ebats.broker-type", p.getBrokerType(), b::brokerType);
        set("ebats.delay-ladder", p.getDelayLadder(), b::delayLadder);
        set("ebats.delay-levels", p.getDelayLevels(), b::delayLevels);
        set("ebats.publish-timeout", p.getPublishTimeout(), b::publishTimeout);
        set("ebats.max-message-bytes", p.getMaxMessageBytes(), b::maxMessageBytes);
        return b.build();
    }

    private static BrokerSettings broker(EbatsProperties.Broker p, BrokerSettings base) {
        BrokerSettings.Builder b = base.toBuilder();
        if (p.getUri() != null && p.getAddresses() != null) {
            throw new InvalidConfigurationPropertyValueException("ebats.broker.addresses", p.getAddresses(),
                    "give either ebats.broker.uri or ebats.broker.addresses, not both");
        }
        set("ebats.broker.uri", p.getUri(), b::uri);
        set("ebats.broker.addresses", p.getAddresses(), b::addresses);
        set("ebats.broker.vhost", p.getVhost(), b::virtualHost);
        if (p.getUsername() != null || p.getPassword() != null) {
            BrokerSettings current = b.build();
            b.credentials(p.getUsername() != null ? p.getUsername() : current.username(),
                    p.getPassword() != null ? p.getPassword() : current.password());
        }
        set("ebats.broker.tls", p.getTls(), b::tls);
        set("ebats.broker.verify-peer", p.getVerifyPeer(), b::verifyPeer);
        set("ebats.broker.ca-certificates", p.getCaCertificates(), v -> b.trustedCertificates(Path.of(v)));
        set("ebats.broker.heartbeat", p.getHeartbeat(), b::heartbeat);
        set("ebats.broker.connection-timeout", p.getConnectionTimeout(), b::connectionTimeout);
        return b.build();
    }

    /** The file's registrations, each replaced by a property one of the same event, task and topic, then the rest. */
    private static List<Registration> registrations(EbatsProperties p, ConfigFile file) {
        Map<String, Registration> merged = new LinkedHashMap<>();
        file.registrations().forEach(r -> merged.put(r.event() + "/" + r.key(), r));
        List<EbatsProperties.Registration> props = p.getRegistrations();
        for (int i = 0; i < props.size(); i++) {
            EbatsProperties.Registration r = props.get(i);
            String name = "ebats.registrations[" + i + "]";
            Registration registration = check(name, describe(r), () -> new Registration(r.getEvent(), r.getTask(),
                    r.getTopic(), r.getDelay() == null ? Duration.ZERO : r.getDelay(), null));
            registration = registration.withUnique(unique(name + ".unique", r.getUnique()));
            merged.put(registration.event() + "/" + registration.key(), registration);
        }
        return List.copyOf(merged.values());
    }

    /** A template over the event's params, or null when {@code unique.key} is not set. */
    private static UniqueKey unique(String name, EbatsProperties.Unique u) {
        if (u.getKey() == null) {
            if (u.getFor() != null) {
                throw new InvalidConfigurationPropertyValueException(name + ".for", u.getFor(),
                        "goes with " + name + ".key, which is not set");
            }
            return null;
        }
        check(name + ".key", u.getKey(), () -> UniqueKey.template(u.getKey()));
        Duration window = u.getFor() == null ? Duration.ZERO : u.getFor();
        return check(name + ".for", window, () -> UniqueKey.template(u.getKey(), window));
    }

    /** The file's schedules, each replaced by a property one of the same name, then the rest. */
    private static List<Schedule> schedules(EbatsProperties p, ConfigFile file) {
        Map<String, Schedule> merged = new LinkedHashMap<>();
        file.schedules().forEach(s -> merged.put(s.name(), s));
        List<EbatsProperties.Schedule> props = p.getSchedules();
        for (int i = 0; i < props.size(); i++) {
            Schedule schedule = schedule("ebats.schedules[" + i + "]", props.get(i));
            merged.put(schedule.name(), schedule);
        }
        return List.copyOf(merged.values());
    }

    private static Schedule schedule(String name, EbatsProperties.Schedule s) {
        if ((s.getCron() == null) == (s.getEvery() == null)) {
            throw new InvalidConfigurationPropertyValueException(name + ".cron", s.getCron(),
                    "a schedule needs either cron or every" + (s.getCron() == null ? "" : ", not both"));
        }
        if ((s.getEvent() == null) == (s.getTask() == null)) {
            throw new InvalidConfigurationPropertyValueException(name + ".event", s.getEvent(),
                    "a schedule fires either an event or a task (with topic)" + (s.getEvent() == null ? "" : ", not both"));
        }
        Schedule.Builder b = check(name + ".name", s.getName(), () -> s.getCron() != null
                ? Schedule.cron(s.getName(), s.getCron()) : Schedule.every(s.getName(), s.getEvery()));
        if (s.getZone() != null) {
            b.zone(check(name + ".zone", s.getZone(), () -> ScheduleTiming.zone(s.getZone())));
        }
        Map<String, Object> params = new LinkedHashMap<>(s.getParams());
        if (s.getEvent() != null) {
            check(name + ".event", s.getEvent(), () -> b.event(s.getEvent(), params));
        } else {
            check(name + ".task", s.getTask(), () -> b.task(s.getTopic(), s.getTask(), params));
        }
        if (s.getMisfire() != null) {
            b.misfire(s.getMisfire());
        }
        if (s.getCatchUp() != null) {
            check(name + ".catch-up", s.getCatchUp(), () -> b.catchUp(s.getCatchUp()));
        }
        if (s.getOverlap() != null) {
            b.overlap(s.getOverlap());
        }
        return check(name, s.getCron() != null ? s.getCron() : s.getEvery(), b::build);
    }

    private static String describe(EbatsProperties.Registration r) {
        return "event=" + r.getEvent() + ", task=" + r.getTask() + ", topic=" + r.getTopic() + ", delay="
                + r.getDelay();
    }

    private static <T> void set(String property, T value, Consumer<T> setter) {
        if (value != null) {
            check(property, value, () -> {
                setter.accept(value);
                return value;
            });
        }
    }

    /** Runs a core check, turning its error into one that names the property and the value. */
    private static <T> T check(String property, Object value, Supplier<T> setter) {
        try {
            return setter.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidConfigurationPropertyValueException(property, value,
                    e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}
