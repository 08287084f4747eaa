package io.ebats;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the schedules of an {@code ebats.yml}:
 * {@code schedules: {name: {cron|every, zone, event + params | task: {topic, name, params}, misfire, catchUp}}}.
 */
final class SchedulesSection {

    private static final Set<String> KEYS = Set.of("cron", "every", "zone", "event", "params", "task", "misfire",
            "catchUp", "overlap");
    private static final Set<String> TASK_KEYS = Set.of("topic", "name", "params");

    private SchedulesSection() {
    }

    static List<Schedule> read(ConfigNode schedules) {
        List<Schedule> read = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> entry : schedules.entries().entrySet()) {
            ConfigNode node = entry.getValue();
            node.check(() -> Names.require("schedule", entry.getKey()));
            read.add(schedule(entry.getKey(), node));
        }
        return read;
    }

    private static Schedule schedule(String name, ConfigNode node) {
        node.requireKeys(KEYS);
        ConfigNode cron = node.get("cron");
        ConfigNode every = node.get("every");
        if (cron.isPresent() == every.isPresent()) {
            throw node.error(node.path() + " must have either cron or every, " + (cron.isPresent() ? "not both" : "has neither"));
        }
        ConfigNode event = node.get("event");
        ConfigNode task = node.get("task");
        if (event.isPresent() == task.isPresent()) {
            throw node.error(node.path() + " must fire either an event or a task, "
                    + (event.isPresent() ? "not both" : "has neither"));
        }
        ConfigNode zone = node.get("zone");
        if (every.isPresent() && zone.isPresent()) {
            throw zone.error(zone.path() + " applies to cron only, not to every");
        }
        Schedule.Builder builder = cron.isPresent()
                ? cron.check(() -> Schedule.cron(name, cron.requiredText())
                        .zone(zone.isPresent() ? zone.check(() -> ScheduleTiming.zone(zone.text())) : ZoneOffset.UTC))
                : Schedule.every(name, every.duration());
        if (event.isPresent()) {
            builder.event(event.check(() -> Names.require("event", event.requiredText())), node.get("params").object());
        } else {
            task.requireKeys(TASK_KEYS);
            if (node.get("params").isPresent()) {
                throw node.get("params").error(node.get("params").path() + " goes under task for a task: "
                        + task.path() + ".params");
            }
            ConfigNode topic = task.get("topic");
            ConfigNode taskName = task.get("name");
            builder.task(topic.check(() -> Names.require("topic", topic.requiredText())),
                    taskName.check(() -> Names.require("task", taskName.requiredText())), task.get("params").object());
        }
        ConfigNode misfire = node.get("misfire");
        if (misfire.isPresent()) {
            builder.misfire(misfire(misfire));
        }
        ConfigNode catchUp = node.get("catchUp");
        if (catchUp.isPresent()) {
            builder.catchUp(catchUp.duration());
        }
        ConfigNode overlap = node.get("overlap");
        if (overlap.isPresent()) {
            builder.overlap(overlap(overlap));
        }
        return node.check(() -> stripName(name, builder)); // the message starts with the field it blames
    }

    /** The builder's error names the schedule; the node's path names it already. */
    private static Schedule stripName(String name, Schedule.Builder builder) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            String prefix = "schedule " + name + ": ";
            String message = e.getMessage();
            throw new IllegalArgumentException(message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }
    }

    private static Schedule.Overlap overlap(ConfigNode node) {
        try {
            return Schedule.Overlap.valueOf(node.text().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw node.invalid("must be allow or skip");
        }
    }

    private static Schedule.Misfire misfire(ConfigNode node) {
        try {
            return Schedule.Misfire.valueOf(node.text().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw node.invalid("must be skip, once or all");
        }
    }
}
