package io.ebats.cli;

import io.ebats.Ebats;
import io.ebats.BulkPublishException;
import io.ebats.EbatsException;
import io.ebats.NewTask;
import io.ebats.UniqueKey;
import io.ebats.UniqueTasks;
import io.ebats.store.HistoryStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.List;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ebats task}: creates a task directly, without an event. */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = {"Creates a task directly, without an event, and prints its id once confirmed.",
                "With --json-lines FILE, one task per line of FILE (a params object a line, - for stdin), all in "
                + "flight together; prints every id, a line each, once all are confirmed (- for a task the broker "
                + "did not confirm, then an error naming its line)."})
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

    @Option(names = "--json-lines", paramLabel = "FILE",
            description = "Creates one task per line of FILE (- for stdin): each line a params object.")
    private String jsonLines;

    @Option(names = "--unique-key", paramLabel = "KEY",
            description = "A unique key, or a template over the params such as order:{order_id}.")
    private String uniqueKey;

    @Option(names = "--unique-for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the key stays held after the task succeeded, e.g. 10m (default: 0, free once "
                    + "it succeeded).")
    private Duration uniqueFor;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the SQLite history that holds the unique keys, unless the config file "
                    + "names a database (default: ./.ebats).")
    private Path dataDir = Path.of(".ebats");

    @Override
    public Integer call() throws IOException {
        CliLogging.oneShot();
        if (uniqueKey == null && uniqueFor != null) {
            throw new ParameterException(spec.commandLine(), "--unique-for goes with --unique-key");
        }
        if (jsonLines != null) {
            if (uniqueKey != null) {
                throw new ParameterException(spec.commandLine(), "--unique-key does not go with --json-lines");
            }
            return createAll();
        }
        NewTask task = NewTask.of(topic, name, Params.merge(json, params)).withDelay(delay);
        if (id != null) {
            task = task.withId(id);
        }
        Settings settings = common.settings();
        if (uniqueKey != null) {
            return createUnique(settings, task);
        }
        try (Ebats ebats = common.connect(settings)) {
            spec.commandLine().getOut().println(ebats.tasks().create(task));
        }
        return 0;
    }

    /** Claims the key in the history database, as {@code ebats worker} opens it, then creates the task. */
    private int createUnique(Settings settings, NewTask task) {
        UniqueKey key = UniqueKey.template(uniqueKey, uniqueFor == null ? Duration.ZERO : uniqueFor);
        key.resolve(task); // a bad template is a usage error before anything is opened
        if (!settings.history().enabled()) {
            throw new ParameterException(spec.commandLine(), "--unique-key needs the history database, which holds "
                    + "the keys, but the history is off (history.enabled: false)");
        }
        HistoryDatabase database = HistoryDatabase.of(settings, dataDir);
        try (HistoryStore history = database.open(); Ebats ebats = common.connect(settings)) {
            UniqueTasks.Creation creation = ebats.uniqueTasks(history).create(task, key);
            PrintWriter out = spec.commandLine().getOut();
            out.println(creation.created() ? creation.id() : creation.id() + " already enqueued");
            out.flush();
        }
        return 0;
    }

    /** Reads every line before sending any, so that a bad line creates nothing. */
    private int createAll() throws IOException {
        if (json != null || !params.isEmpty() || id != null) {
            throw new ParameterException(spec.commandLine(), "--json-lines takes the params from its lines: "
                    + "--json, --param and --id do not go with it");
        }
        Settings settings = common.settings();
        List<NewTask> tasks = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (BufferedReader in = jsonLines.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(settings.environment().resolve(Path.of(jsonLines)), StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line; (line = in.readLine()) != null; ) {
                number++;
                if (!line.isBlank()) {
                    tasks.add(NewTask.of(topic, name, Params.object(jsonLines + ":" + number, line)).withDelay(delay));
                    lines.add(number);
                }
            }
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "--json-lines " + jsonLines + ": no such file");
        }
        try (Ebats ebats = common.connect(settings)) {
            PrintWriter out = spec.commandLine().getOut();
            try {
                ebats.tasks().createAll(tasks).forEach(out::println);
            } catch (BulkPublishException e) { // a line each still, "-" for the tasks not created
                Set<Integer> failed = new HashSet<>(e.notCreated());
                for (int i = 0; i < tasks.size(); i++) {
                    out.println(failed.contains(i) ? "-" : tasks.get(i).id());
                }
                out.flush();
                throw new EbatsException(e.notCreated().size() + " of " + tasks.size() + " tasks not created, of lines "
                        + e.notCreated().stream().limit(20).map(i -> String.valueOf(lines.get(i)))
                                .collect(Collectors.joining(", ")) + (e.notCreated().size() > 20 ? ", ..." : "")
                        + " of " + jsonLines + " (printed as -): " + e.failures().values().iterator().next()
                                .getMessage(), e);
            }
            out.flush();
        }
        return 0;
    }
}
