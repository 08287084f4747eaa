package io.ebats.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ebats topology}: the exchanges and queues of a namespace. */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Manages the exchanges and queues of a namespace on the broker.",
        subcommands = TopologyDeleteCommand.class)
final class TopologyCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: delete");
    }
}
