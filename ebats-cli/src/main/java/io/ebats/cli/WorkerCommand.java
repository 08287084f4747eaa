package io.ebats.cli;

import io.ebats.Ebats;
import io.ebats.Names;
import io.ebats.Worker;
import io.ebats.store.HistoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ebats worker}: runs the tasks of some topics until Ctrl-C or SIGTERM,
 * recording every attempt in the history.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs the tasks of one or more topics until Ctrl-C or SIGTERM.",
                "Handlers: the built-in demo and diag.* tasks, plus the @HandlesTask methods of --handlers classes.",
                "Every attempt is recorded in the history (see ebats history) unless --no-history."})
final class WorkerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Topic to consume; repeatable (default: worker.topics of the config file).")
    private List<String> topics = new ArrayList<>();

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Tasks run at once per topic (default: worker.concurrency of the config file, or 16).")
    private Integer concurrency;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Handler timeout (default: worker.timeout of the config file, or 5m).")
    private Duration timeout;

    @Option(names = "--handlers", paramLabel = "CLASS", split = ",",
            description = "Classes with @HandlesTask methods and a no-argument constructor; repeatable.")
    private List<String> handlerClasses = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the SQLite history, unless the config file names a database "
                    + "(default: ./.ebats).")
    private Path dataDir = Path.of(".ebats");

    @Option(names = "--no-history", description = "Do not record attempts (also history.enabled: false).")
    private boolean noHistory;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = common.settings();
        Set<String> chosen = new LinkedHashSet<>(topics.isEmpty() ? settings.file().worker().topics() : topics);
        if (chosen.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "no topic to consume: give --topic TOPIC or worker.topics in the config file");
        }
        chosen.forEach(t -> Names.require("topic", t));
        int tasksAtOnce = concurrency != null ? concurrency : settings.file().worker().concurrency();
        if (tasksAtOnce < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1, was " + tasksAtOnce);
        }
        Duration handlerTimeout = timeout != null ? timeout : settings.file().worker().timeout();
        HandlerSet handlers = HandlerSet.of(handlerClasses);

        StopSignal stop = StopSignal.install();
        Ebats ebats = null;
        HistoryStore history = null;
        try {
            if (!noHistory && settings.history().enabled()) {
                HistoryDatabase database = HistoryDatabase.of(settings, dataDir);
                history = database.open();
                log.info("recording every attempt in the history at {}", database.describe());
            }
            ebats = common.connect(settings);
            Worker.Builder worker = ebats.worker()
                    .concurrency(tasksAtOnce)
                    .handlerTimeout(handlerTimeout)
                    .listener(new AttemptLogger());
            if (history != null) {
                worker.listener(history).cancellations(history);
            }
            chosen.forEach(worker::topic);
            handlers.applyTo(worker).start();
            stop.await();
            return 0;
        } finally {
            if (ebats != null) {
                ebats.close();
            }
            if (history != null) {
                history.close();
            }
            stop.stopped();
        }
    }
}
