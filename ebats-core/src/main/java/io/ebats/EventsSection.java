package io.ebats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the event registry of an {@code ebats.yml}: {@code events: {name: [{task, topic, delay, retry, unique}]}},
 * where {@code unique} is {@code {key: "order:{order_id}", for: 10m}} ({@code for} optional, default 0).
 */
final class EventsSection {

    private static final Set<String> TASK_KEYS = Set.of("task", "topic", "delay", "retry", "unique");
    private static final Set<String> UNIQUE_KEYS = Set.of("key", "for");
    private static final Set<String> RETRY_KEYS = Set.of("maxAttempts", "initialBackoff", "maxBackoff",
            "multiplier", "jitter");

    private EventsSection() {
    }

    static List<Registration> read(ConfigNode events) {
        List<Registration> registrations = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> event : events.entries().entrySet()) {
            event.getValue().check(() -> Names.require("event", event.getKey()));
            for (ConfigNode task : event.getValue().elements()) {
                registrations.add(registration(event.getKey(), task));
            }
        }
        return registrations;
    }

    private static Registration registration(String event, ConfigNode node) {
        node.requireKeys(TASK_KEYS);
        String task = name(node, "task");
        String topic = name(node, "topic");
        Duration delay = node.get("delay").isPresent() ? node.get("delay").duration() : Duration.ZERO;
        RetryPolicy retry = node.get("retry").isPresent() ? retry(node.get("retry")) : null;
        UniqueKey unique = node.get("unique").isPresent() ? unique(node.get("unique")) : null;
        return node.check(() -> new Registration(event, task, topic, delay, retry, unique));
    }

    /** A template over the event's params; each error names {@code unique.key} or {@code unique.for}. */
    private static UniqueKey unique(ConfigNode node) {
        node.requireKeys(UNIQUE_KEYS);
        ConfigNode key = node.get("key");
        ConfigNode window = node.get("for");
        String text = key.requiredText();
        Duration duration = window.isPresent() ? window.duration() : Duration.ZERO;
        key.check(() -> UniqueKey.template(text));
        return window.check(() -> UniqueKey.template(text, duration));
    }

    /** A task or topic name; its error reads {@code events.e[0].topic name must not ...}. */
    private static String name(ConfigNode parent, String key) {
        ConfigNode node = parent.get(key);
        String name = node.requiredText();
        return node.check(() -> Names.require(key, name));
    }

    private static RetryPolicy retry(ConfigNode node) {
        node.requireKeys(RETRY_KEYS);
        RetryPolicy d = RetryPolicy.DEFAULT;
        ConfigNode maxAttempts = node.get("maxAttempts");
        ConfigNode initialBackoff = node.get("initialBackoff");
        ConfigNode maxBackoff = node.get("maxBackoff");
        ConfigNode multiplier = node.get("multiplier");
        ConfigNode jitter = node.get("jitter");
        return node.check(() -> new RetryPolicy(
                maxAttempts.isPresent() ? maxAttempts.integer() : d.maxAttempts(),
                initialBackoff.isPresent() ? initialBackoff.duration() : d.initialBackoff(),
                maxBackoff.isPresent() ? maxBackoff.duration() : d.maxBackoff(),
                multiplier.isPresent() ? multiplier.number() : d.multiplier(),
                jitter.isPresent() ? jitter.number() : d.jitter()));
    }
}
