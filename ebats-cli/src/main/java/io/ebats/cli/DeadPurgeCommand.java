package io.ebats.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ebats dead purge}: deletes dead letters for good. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Deletes dead letters for good and prints how many.")
final class DeadPurgeCommand implements Callable<Integer> {

    @Mixin
    private CommonOptions common;

    @Mixin
    private DeadLetterOptions options;

    @Spec
    private CommandSpec spec;

    @Option(names = "--all", description = "Purge every dead letter of the queue.")
    private boolean all;

    @Override
    public Integer call() {
        return DeadCommand.settle(spec, common, options, all, "purge",
                (ebats, source, filter) -> ebats.deadLetters().purge(source, filter));
    }
}
