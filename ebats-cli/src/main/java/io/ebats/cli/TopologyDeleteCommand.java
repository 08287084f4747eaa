package io.ebats.cli;

import io.ebats.Ebats;
import io.ebats.Status;
import io.ebats.TopicStatus;
import java.io.Console;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ebats topology delete}: removes a namespace's exchanges and queues, which each cost the broker file
 * handles for as long as they exist. Refuses while they hold messages or have consumers, unless forced.
 */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Deletes the exchanges and queues of the namespace (--namespace, or the config file's): "
                + "events, scheduler, tasks and dead letters of the topics, the delay ladder.",
                "Refuses while they hold messages or have consumers unless --force; asks before deleting "
                + "unless --yes."})
final class TopologyDeleteCommand implements Callable<Integer> {

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Topic whose queues to delete; repeatable (default: the config file's topics and demo).")
    private List<String> topics = new ArrayList<>();

    @Option(names = "--yes", description = "Delete without asking.")
    private boolean yes;

    @Option(names = "--force", description = "Delete even queues that hold messages or have consumers; "
            + "their messages are lost.")
    private boolean force;

    @Override
    public Integer call() {
        CliLogging.oneShot();
        Settings settings = common.settings();
        Set<String> deleted = settings.topicsOr(topics);
        PrintWriter out = spec.commandLine().getOut();
        try (Ebats ebats = common.connect(settings)) {
            String namespace = ebats.config().namespace();
            String held = inUse(ebats.status(deleted));
            if (!held.isEmpty() && !force) {
                throw new ParameterException(spec.commandLine(), "namespace " + namespace + " is in use: " + held
                        + "; give --force to delete it all the same (its messages are lost)");
            }
            String what = "the exchanges and queues of namespace " + namespace + " (topics " + deleted + ")";
            if (!yes && !confirmed("Delete " + what + (held.isEmpty() ? "" : ", with " + held) + "? [y/N] ")) {
                out.println("nothing deleted");
                return 1;
            }
            ebats.deleteTopology(deleted);
            out.println("deleted " + what);
        }
        return 0;
    }

    /** What the namespace still holds or serves, in words; empty when nothing. */
    private static String inUse(Status status) {
        long messages = status.delayed() + status.pendingEvents() + status.unregisteredEvents();
        int consumers = 0;
        for (TopicStatus topic : status.topics()) {
            messages += topic.ready() + topic.dead();
            consumers += topic.consumers();
        }
        List<String> parts = new ArrayList<>();
        if (messages > 0) {
            parts.add(messages + " message" + (messages == 1 ? "" : "s"));
        }
        if (consumers > 0) {
            parts.add(consumers + " consumer" + (consumers == 1 ? "" : "s"));
        }
        return String.join(" and ", parts);
    }

    private boolean confirmed(String question) {
        Console console = System.console();
        if (console == null) {
            throw new ParameterException(spec.commandLine(), "no terminal to ask on: give --yes to delete");
        }
        String answer = console.readLine("%s", question);
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }
}
