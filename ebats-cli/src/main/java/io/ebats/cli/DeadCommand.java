package io.ebats.cli;

import io.ebats.DeadLetter;
import io.ebats.DeadLetterSource;
import io.ebats.Ebats;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ebats dead}: the dead-letter queues. */
@Command(name = "dead", mixinStandardHelpOptions = true,
        description = {"Lists, replays and purges dead letters.",
                "Dead letters are tasks that failed for good, events without registration and messages a custom "
                + "consumer could not handle."},
        subcommands = {DeadListCommand.class, DeadReplayCommand.class, DeadPurgeCommand.class})
final class DeadCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: list, replay or purge");
    }

    /** Replays or purges the selected letters; refuses to touch every letter unless {@code --all} says so. */
    static int settle(CommandSpec spec, CommonOptions common, DeadLetterOptions options, boolean all, String verb,
                      Settle action) {
        CliLogging.oneShot();
        DeadLetterSource source = options.source();
        if (!all && !options.hasFilter()) {
            throw new ParameterException(spec.commandLine(), "refusing to " + verb + " every dead letter of "
                    + source + ": give --id, --reason or --task, or --all");
        }
        if (all && options.hasFilter()) {
            throw new ParameterException(spec.commandLine(), "give either --all or filters (--id, --reason, --task)");
        }
        try (Ebats ebats = common.connect(common.settings())) {
            int count = action.apply(ebats, source, options.limitedFilter());
            String past = verb.equals("replay") ? "replayed" : "purged";
            spec.commandLine().getOut().println(past + " " + count + " dead letter" + (count == 1 ? "" : "s")
                    + " of " + options.describe(source));
        }
        return 0;
    }

    /** A replay or a purge. */
    @FunctionalInterface
    interface Settle {
        int apply(Ebats ebats, DeadLetterSource source, Predicate<DeadLetter> filter);
    }
}
