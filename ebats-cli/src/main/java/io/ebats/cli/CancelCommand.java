package io.ebats.cli;

import io.ebats.Cancellation;
import io.ebats.Cancellations;
import io.ebats.Ebats;
import io.ebats.store.HistoryStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ebats cancel}: cancels tasks by id, holding the cancels in the history database. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancels tasks: a queued, delayed or retrying one does not run when it arrives, a running one "
                + "is interrupted; both are recorded as CANCELLED. The cancels are held in the history database, "
                + "which the workers read (ebats worker, without --no-history).",
                "Prints a line per task; exits with 1 when a task had already ended."})
final class CancelCommand implements Callable<Integer> {

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "TASK_ID", description = "The ids of the tasks to cancel.")
    private List<String> taskIds;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the SQLite history that holds the cancels, unless the config file "
                    + "names a database (default: ./.ebats).")
    private Path dataDir = Path.of(".ebats");

    @Override
    public Integer call() {
        CliLogging.oneShot();
        for (String taskId : taskIds) { // every id is checked before any is cancelled
            try {
                Cancellations.checkTaskId(taskId);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "TASK_ID: " + e.getMessage());
            }
        }
        Settings settings = common.settings();
        if (!settings.history().enabled()) {
            throw new ParameterException(spec.commandLine(), "cancel needs the history database, which holds the "
                    + "cancels, but the history is off (history.enabled: false)");
        }
        boolean allCancelled = true;
        PrintWriter out = spec.commandLine().getOut();
        try (HistoryStore history = HistoryDatabase.of(settings, dataDir).open();
             Ebats ebats = common.connect(settings)) {
            Cancellations cancellations = ebats.cancellations(history);
            for (String taskId : taskIds) {
                Cancellation cancellation = cancellations.cancel(taskId);
                allCancelled &= cancellation.cancelled();
                out.println(describe(cancellation));
                out.flush();
            }
        }
        return allCancelled ? 0 : 1;
    }

    static String describe(Cancellation c) {
        return c.taskId() + " " + switch (c.result()) {
            case CANCELLED -> c.newest() == null
                    ? "cancelled: it does not run (no attempt of it is recorded: it is queued, delayed or running its "
                            + "first attempt, or there is no such task)"
                    : "cancelled: its next attempt does not run (it was waiting for a retry)";
            case ALREADY_CANCELLED -> "already cancelled";
            case FINISHED -> "not cancelled: it had already ended, " + c.newest();
        };
    }
}
