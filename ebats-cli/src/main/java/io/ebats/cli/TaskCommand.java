package io.ebats.cli;

import io.ebats.Ebats;
import io.ebats.NewTask;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ebats task}: creates a task directly, without an event. */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = "Creates a task directly, without an event, and prints its id once confirmed.")
final class TaskCommand implements Callable<Integer> {

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic whose workers run the task.")
    private String topic;

    @Parameters(index = "1", paramLabel = "NAME", description = "The task name, e.g. diag.noop.")
    private String name;

    @Option(names = "--json", paramLabel = "JSON", description = "Parameters as a JSON object; --param wins.")
    private String json;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A string parameter; repeatable.")
    private Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Run it this much later, e.g. 30s (default: at once).")
    private Duration delay = Duration.ZERO;

    @Option(names = "--id", paramLabel = "ID", description = "The task id (default: a random UUID).")
    private String id;

    @Override
    public Integer call() {
        CliLogging.oneShot();
        NewTask task = NewTask.of(topic, name, Params.merge(json, params)).withDelay(delay);
        if (id != null) {
            task = task.withId(id);
        }
        Settings settings = common.settings();
        try (Ebats ebats = common.connect(settings)) {
            spec.commandLine().getOut().println(ebats.tasks().create(task));
        }
        return 0;
    }
}
