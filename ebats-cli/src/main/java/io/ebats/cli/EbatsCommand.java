package io.ebats.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code ebats} command; it only holds the subcommands. */
@Command(name = "ebats", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Event-based asynchronous tasks on RabbitMQ.",
        subcommands = {UpCommand.class, WorkerCommand.class, SchedulerCommand.class, PublishCommand.class,
                TaskCommand.class, CancelCommand.class, DeadCommand.class, StatusCommand.class, HistoryCommand.class,
                DashboardCommand.class, BenchCommand.class, StoreBenchCommand.class, TopologyCommand.class,
                ScheduleCommand.class, TopicPauseCommand.Pause.class, TopicPauseCommand.Resume.class},
        footer = {"", "Every command takes --broker URI, --config FILE, --namespace NS and --verbose.",
                "Settings: flag > EBATS_* environment variables > ebats.yml > defaults."})
public final class EbatsCommand implements Runnable {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    public EbatsCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: up, worker, scheduler, publish, task, dead, status, history, dashboard, bench "
                        + "or topology");
    }
}
