package io.ebats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contents of an {@code ebats.yml} file: engine settings and the event registry, plus the sections an
 * application (such as the command line) reads for itself.
 *
 * <pre>
 * broker:
 *   uri: amqp://localhost:5672       # or addresses: [node1:5672, node2:5672]
 *   username: guest                  # EBATS_BROKER_* variables override these
 *   password: guest
 *   heartbeat: 30s
 *   connectionTimeout: 10s
 *   vhost: /
 *   tls: false
 *   verifyPeer: true
 *   caCertificates: /etc/ebats/ca.pem  # TLS with a private CA
 * namespace: ebats
 * queueType: quorum                  # or classic
 * brokerType: auto                   # or rabbitmq, qpid
 * delayLevels: 35
 * delayLadder: ebats.ladder           # shared by the namespaces of the virtual host
 * publishTimeout: 10s
 * maxMessageBytes: 1048576
 * schedules:
 *   sweep-unpaid-orders: { cron: "*&#47;5 * * * *", zone: Europe/Berlin, event: order_sweep, params: { limit: 100 } }
 *   heartbeat: { every: 2s, task: { topic: demo, name: diag.noop }, misfire: once }
 * events:
 *   order_create:
 *     - { task: closeOrder, topic: demo, delay: 10s }
 *   order_paied:
 *     - { task: virtualShipping, topic: demo, retry: { maxAttempts: 3, initialBackoff: 2s } }
 *     - { task: ship, topic: demo, unique: { key: "order:{order_id}", for: 10m } }  # one while queued, 10m after
 * </pre>
 *
 * Unknown keys are errors that name the key's whole path and the nearest known key, so a typo never goes
 * unnoticed; every other error names the file, the whole path and the value.
 *
 * @param config        engine settings, with the file's values over the defaults
 * @param registrations the event registry
 * @param schedules     the recurring schedules ({@code schedules:})
 * @param sections      the other top-level sections asked for in {@link #load(Path, Set)} that the file has
 */
public record ConfigFile(EbatsConfig config, List<Registration> registrations, List<Schedule> schedules,
                         Map<String, ConfigNode> sections) {

    /** The top-level keys this class reads. */
    private static final Set<String> KEYS = Set.of("broker", "brokerType", "namespace", "queueType", "delayLevels",
            "delayLadder", "publishTimeout", "maxMessageBytes", "events", "schedules");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public ConfigFile {
        registrations = List.copyOf(registrations);
        schedules = List.copyOf(schedules);
        sections = Map.copyOf(sections);
    }

    /** Defaults only: no file. */
    public static ConfigFile empty() {
        return new ConfigFile(EbatsConfig.defaults(), List.of(), List.of(), Map.of());
    }

    /**
     * Reads a YAML file that holds engine settings and the registry only.
     *
     * @throws IllegalArgumentException naming the file, the path and the value when the content is wrong
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static ConfigFile load(Path file) {
        return load(file, Set.of());
    }

    /**
     * Reads a YAML file that may also hold the top-level sections {@code sections}, which the caller reads with
     * {@link #section(String)}.
     *
     * @throws IllegalArgumentException naming the file, the path and the value when the content is wrong
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static ConfigFile load(Path file, Set<String> sections) {
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return empty();
        }
        ConfigNode root = ConfigNode.root(file.toString(), tree);
        Set<String> known = new HashSet<>(KEYS);
        known.addAll(sections);
        root.requireKeys(known);
        Map<String, ConfigNode> present = new LinkedHashMap<>();
        for (String section : sections) {
            if (root.get(section).isPresent()) {
                present.put(section, root.get(section));
            }
        }
        ConfigNode events = root.get("events");
        ConfigNode schedules = root.get("schedules");
        return new ConfigFile(EngineSection.read(root),
                events.isPresent() ? EventsSection.read(events) : List.of(),
                schedules.isPresent() ? SchedulesSection.read(schedules) : List.of(), present);
    }

    /** A section asked for when loading; absent when the file has none. */
    public ConfigNode section(String name) {
        return sections.getOrDefault(name, ConfigNode.absent(name));
    }

    /** The registry of this file as an {@link EventManager}. */
    public EventManager eventManager() {
        return new EventManager().registerAll(registrations);
    }
}
