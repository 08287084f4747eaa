package io.ebats.cli;

import io.ebats.Outcome;
import io.ebats.store.AttemptRecord;
import io.ebats.store.HistoryQuery;
import io.ebats.store.HistoryStore;
import io.ebats.store.MatchCount;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ebats history}: the recorded attempts, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Shows recorded attempts, newest first, as a table or JSON.",
                "Reads the history database of up and worker: EBATS_HISTORY_URL, history.url of the config file, or"
                + " the SQLite file under --data-dir (readable while up runs)."})
final class HistoryCommand implements Callable<Integer> {

    static final int DEFAULT_LIMIT = 50;

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Option(names = "--task-id", paramLabel = "ID", description = "Only the attempts of this task.")
    private String taskId;

    @Option(names = "--event-id", paramLabel = "ID", description = "Only the tasks of this event.")
    private String eventId;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Only this topic.")
    private String topic;

    @Option(names = "--task", paramLabel = "NAME", description = "Only tasks of this name.")
    private String taskName;

    @Option(names = "--outcome", paramLabel = "OUTCOME", converter = OutcomeConverter.class,
            description = "Only this outcome: SUCCEEDED, RETRYING, FAILED or DEAD.")
    private Outcome outcome;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Only attempts started at or after TIME: 2026-12-03T10:00:00Z, 2026-12-03, or how long "
                    + "ago (30m, 2h, 1d).")
    private Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Only attempts started before TIME (same forms as --since).")
    private Instant until;

    @Option(names = "--limit", paramLabel = "N", description = "At most N attempts (default: " + DEFAULT_LIMIT + ").")
    private int limit = DEFAULT_LIMIT;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    private boolean json;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the SQLite history (default: ./.ebats).")
    private Path dataDir = Path.of(".ebats");

    @Override
    public Integer call() {
        CliLogging.oneShot();
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
        }
        HistoryQuery query = HistoryQuery.builder().taskId(taskId).eventId(eventId).topic(topic).taskName(taskName)
                .outcome(outcome).since(since).until(until).limit(limit).build();
        HistoryDatabase database = HistoryDatabase.of(common.settings(), dataDir);
        PrintWriter out = spec.commandLine().getOut();
        if (!database.exists()) {
            out.println(json ? "[]" : "no history yet under " + database.describe());
            out.flush();
            return 0;
        }
        try (HistoryStore store = database.open()) {
            List<AttemptRecord> records = store.find(query);
            if (json) {
                JsonOutput.print(out, records.stream().map(AttemptRecord::fields).toList());
                return 0;
            }
            Table table = new Table("TIME", "TOPIC", "TASK", "TASK ID", "ATTEMPT", "OUTCOME", "DURATION", "ERROR");
            for (AttemptRecord r : records) {
                table.row(r.startedAt().truncatedTo(ChronoUnit.SECONDS), r.topic(), r.taskName(), r.taskId(),
                        r.attempt(), r.outcome(), r.duration().toMillis() + "ms",
                        Table.errorCell(r.errorClass(), r.errorMessage()));
            }
            table.print(out);
            out.println(records.size() + " shown, " + matching(store, query) + " matching in " + database.describe());
            out.flush();
        }
        return 0;
    }

    /** The count, bounded like the dashboard's. */
    private static String matching(HistoryStore store, HistoryQuery query) {
        MatchCount count = store.countAhead(query, HistoryStore.PAGES_COUNTED_AHEAD);
        return (count.exact() ? "" : "more than ") + count.count();
    }
}
