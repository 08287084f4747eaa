package io.ebats.cli;

import io.ebats.Ebats;
import io.ebats.DelayLadderStatus;
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
                + "events, scheduler, tasks and dead letters of the topics, the namespace's delay ladder of an "
                + "earlier ebats, and the delay ladder if its name lies within the namespace.",
                "With --legacy-ladder, only the namespace's delay ladder of an earlier ebats; with --ladder, only "
                + "the delay ladder the namespace names, even when shared.",
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

    @Option(names = "--legacy-ladder", description = "Delete only the namespace's delay ladder of an earlier ebats "
            + "(NAMESPACE.delay.LL), once it is empty.")
    private boolean legacyLadder;

    @Option(names = "--ladder", description = "Delete only the delay ladder the namespace names (delayLadder), "
            + "even when other namespaces share it; they declare it again when they next start.")
    private boolean ladder;

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
        if (legacyLadder && ladder) {
            throw new ParameterException(spec.commandLine(), "--legacy-ladder and --ladder delete different "
                    + "things: give one of them");
        }
        try (Ebats ebats = common.connect(settings)) {
            String namespace = ebats.config().namespace();
            Status status = ebats.status(deleted);
            DelayLadderStatus delays = status.delayLadder();
            String what;
            String held;
            Runnable delete;
            if (legacyLadder) {
                if (!delays.hasLegacyLadder()) {
                    out.println("namespace " + namespace + " has no delay ladder of an earlier ebats: nothing deleted");
                    return 0;
                }
                what = "the delay ladder of an earlier ebats of namespace " + namespace;
                held = messages(delays.legacyDelayed());
                delete = ebats::deleteLegacyDelayLadder;
            } else if (ladder) {
                if (delays.name() == null) {
                    throw new ParameterException(spec.commandLine(), "the broker has no delay ladder: it holds "
                            + "delayed tasks in their own queues");
                }
                what = "the delay ladder " + delays.name() + (delays.ownedByNamespace() ? "" : " (shared)");
                held = messages(delays.delayed() + delays.undeliverable());
                delete = ebats::deleteDelayLadder;
            } else {
                what = "the exchanges and queues of namespace " + namespace + " (topics " + deleted + ")";
                held = inUse(status);
                delete = () -> ebats.deleteTopology(deleted);
                if (delays.name() != null && !delays.ownedByNamespace()) {
                    out.println("delayed tasks of namespace " + namespace + " in the shared delay ladder "
                            + delays.name() + " cannot be counted apart; any that remain arrive in "
                            + delays.name() + ".undeliverable after the deletion");
                }
            }
            if (!held.isEmpty() && !force) {
                throw new ParameterException(spec.commandLine(), "cannot delete " + what + ": it holds " + held
                        + "; give --force to delete it all the same (its messages are lost)");
            }
            if (!yes && !confirmed("Delete " + what + (held.isEmpty() ? "" : ", with " + held) + "? [y/N] ")) {
                out.println("nothing deleted");
                return 1;
            }
            delete.run();
            out.println("deleted " + what);
        }
        return 0;
    }

    /** What the namespace still holds or serves, in words; empty when nothing. */
    private static String inUse(Status status) {
        DelayLadderStatus delays = status.delayLadder();
        long messages = status.pendingEvents() + status.unregisteredEvents()
                + (delays.ownedByNamespace() ? delays.delayed() + delays.undeliverable() : 0)
                + Math.max(0, delays.legacyDelayed());
        int consumers = 0;
        for (TopicStatus topic : status.topics()) {
            messages += topic.ready() + topic.dead();
            consumers += topic.consumers();
        }
        List<String> parts = new ArrayList<>();
        if (messages > 0) {
            parts.add(messages(messages));
        }
        if (consumers > 0) {
            parts.add(consumers + " consumer" + (consumers == 1 ? "" : "s"));
        }
        return String.join(" and ", parts);
    }

    private static String messages(long count) {
        return count == 0 ? "" : count + " message" + (count == 1 ? "" : "s");
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
