package io.ebats.cli;

import io.ebats.ConfigNode;
import io.ebats.Names;
import io.ebats.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code worker:} section of the config file: what {@code worker} and {@code up} run when no flag says.
 *
 * @param topics      topics to consume
 * @param concurrency tasks run at once per topic
 * @param timeout     handler timeout
 */
record WorkerDefaults(List<String> topics, int concurrency, Duration timeout) {

    private static final Set<String> KEYS = Set.of("topics", "concurrency", "timeout");

    WorkerDefaults {
        topics = List.copyOf(topics);
    }

    /** No topics, and the concurrency and handler timeout of {@link Worker.Builder}. */
    static WorkerDefaults defaults() {
        return new WorkerDefaults(List.of(), Worker.Builder.DEFAULT_CONCURRENCY,
                Worker.Builder.DEFAULT_HANDLER_TIMEOUT);
    }

    /** The section's values over the defaults. */
    static WorkerDefaults read(ConfigNode section) {
        WorkerDefaults d = defaults();
        if (!section.isPresent()) {
            return d;
        }
        section.requireKeys(KEYS);
        ConfigNode topics = section.get("topics");
        ConfigNode concurrency = section.get("concurrency");
        ConfigNode timeout = section.get("timeout");
        return new WorkerDefaults(topics.isPresent() ? topics(topics) : d.topics(),
                concurrency.isPresent() ? concurrency.integer(1, Integer.MAX_VALUE) : d.concurrency(),
                timeout.isPresent() ? timeout.positiveDuration() : d.timeout());
    }

    private static List<String> topics(ConfigNode list) {
        return list.elements().stream().map(topic -> topic.check(() -> Names.require("topic", topic.text())))
                .toList();
    }
}
