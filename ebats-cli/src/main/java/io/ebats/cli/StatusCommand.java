package io.ebats.cli;

import io.ebats.Ebats;
import io.ebats.DelayLadderStatus;
import io.ebats.Status;
import io.ebats.TopicStatus;
import io.ebats.WorkerPresence;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ebats status}: what waits where. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows what waits where: tasks, dead letters, delays, events.",
                "Per topic the ready tasks, tasks in flight on the workers online, consumers, dead letters and"
                + " whether it is paused,"
                + " plus delayed tasks, pending events, events without registration and the workers online"
                + " (heard through their heartbeats, which takes about 1.5 s)."})
final class StatusCommand implements Callable<Integer> {

    static final String DEMO_TOPIC = "demo";

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Topic to show; repeatable (default: the config file's topics and demo).")
    private List<String> topics = new ArrayList<>();

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Override
    public Integer call() {
        CliLogging.oneShot();
        Settings settings = common.settings();
        Set<String> shown = settings.topicsOr(topics);
        Status status;
        try (Ebats ebats = common.connect(settings)) {
            status = ebats.status(shown);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, toJson(settings, status));
            return 0;
        }
        Table table = new Table("TOPIC", "READY", "IN FLIGHT", "CONSUMERS", "DEAD", "PAUSED");
        for (TopicStatus topic : status.topics()) {
            if (topic.exists()) {
                table.row(topic.topic(), topic.ready(), topic.inFlight(), topic.consumers(), topic.dead(),
                        topic.paused() ? "yes" : "no");
            } else {
                table.row(topic.topic() + " (no queue yet)", "-", "-", "-", "-", topic.paused() ? "yes" : "-");
            }
        }
        table.print(out);
        out.println();
        out.println("delayed tasks:       " + status.delayed() + ladder(status.delayLadder()));
        if (status.delayLadder().undeliverable() > 0) {
            out.println("undeliverable:       " + status.delayLadder().undeliverable() + " (delayed tasks whose "
                    + "queue was deleted, kept in " + status.delayLadder().name() + ".undeliverable)");
        }
        out.println("pending events:      " + status.pendingEvents());
        out.println("unregistered events: " + status.unregisteredEvents());
        out.println("workers online:      " + status.workers().size());
        for (WorkerPresence worker : status.workers()) {
            out.println("  " + worker.name() + " on " + worker.host() + " (pid " + worker.pid() + "): topics "
                    + worker.inFlight().keySet() + ", concurrency " + worker.concurrency() + ", running "
                    + worker.totalInFlight() + ", up since " + worker.startedAt());
        }
        out.flush();
        return 0;
    }

    /** Where the delayed tasks wait, in words. */
    private static String ladder(DelayLadderStatus ladder) {
        if (ladder.name() == null) {
            return "";
        }
        String where = " (in " + (ladder.ownedByNamespace() ? "the namespace's delay ladder " : "the shared delay ladder ")
                + ladder.name() + (ladder.ownedByNamespace() ? "" : ", of every namespace that uses it");
        return where + (ladder.hasLegacyLadder() ? "; " + ladder.legacyDelayed()
                + " in the namespace's ladder of an earlier ebats" : "") + ")";
    }

    private static Map<String, Object> toJson(Settings settings, Status status) {
        List<Map<String, Object>> topics = new ArrayList<>();
        for (TopicStatus topic : status.topics()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("topic", topic.topic());
            entry.put("exists", topic.exists());
            entry.put("ready", topic.ready());
            entry.put("inFlight", topic.inFlight());
            entry.put("consumers", topic.consumers());
            entry.put("dead", topic.dead());
            entry.put("paused", topic.paused());
            topics.add(entry);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("broker", settings.config().broker().describe());
        json.put("namespace", settings.config().namespace());
        json.put("topics", topics);
        json.put("delayed", status.delayed());
        json.put("delayLadder", status.delayLadder());
        json.put("pendingEvents", status.pendingEvents());
        json.put("unregisteredEvents", status.unregisteredEvents());
        json.put("workers", status.workers());
        return json;
    }
}
