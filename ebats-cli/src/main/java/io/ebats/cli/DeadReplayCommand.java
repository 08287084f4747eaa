package io.ebats.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ebats dead replay}: sends dead letters back where they came from, as first attempts. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Sends dead letters back where they came from, as first attempts, and prints how many.")
final class DeadReplayCommand implements Callable<Integer> {

    @Mixin
    private CommonOptions common;

    @Mixin
    private DeadLetterOptions options;

    @Spec
    private CommandSpec spec;

    @Option(names = "--all", description = "Replay every dead letter of the queue.")
    private boolean all;

    @Override
    public Integer call() {
        return DeadCommand.settle(spec, common, options, all, "replay",
                (ebats, source, filter) -> ebats.deadLetters().replay(source, filter));
    }
}
