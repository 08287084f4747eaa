package io.ebats.cli;

import io.ebats.Durations;
import io.ebats.Ebats;
import io.ebats.EventManager;
import io.ebats.Registration;
import io.ebats.Schedule;
import io.ebats.ScheduleListener;
import io.ebats.store.HistoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
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
 * {@code ebats scheduler}: turns events into their registered tasks, and fires the recurring schedules, until
 * Ctrl-C or SIGTERM.
 */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Turns events into their registered tasks, and fires the recurring schedules, until Ctrl-C "
                + "or SIGTERM.",
                "Registry: the events of the config file plus every --register. Schedules: the config file's plus "
                + "every --schedule; of all processes that run them, one fires each nominal time."})
final class SchedulerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SchedulerCommand.class);

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Option(names = "--register", paramLabel = "EVENT:TASK:TOPIC[:DELAY]",
            description = "Runs TASK on TOPIC for every EVENT, DELAY (e.g. 10s) after it; repeatable.")
    private List<String> registrations = new ArrayList<>();

    @Option(names = "--schedule", paramLabel = "NAME:CRON|EVERY:EVENT",
            description = "Fires EVENT on a cron expression in UTC (\"*/5 * * * *\", or 6 fields with seconds) or "
                    + "every EVERY (e.g. 2s); repeatable.")
    private List<String> schedules = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the SQLite history, which schedules with overlap: skip ask and which "
                    + "holds the unique keys of registrations, unless the config file names a database (default: "
                    + "./.ebats).")
    private Path dataDir = Path.of(".ebats");

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = common.settings();
        EventManager registry = settings.registry();
        registrations.forEach(text -> registry.register(parse(text)));
        List<Schedule> recurring = new ArrayList<>(settings.file().engine().schedules());
        schedules.forEach(text -> recurring.add(parseSchedule(text)));
        if (registry.registrations().isEmpty() && recurring.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "nothing to schedule: give --register "
                    + "EVENT:TASK:TOPIC[:DELAY], --schedule NAME:CRON|EVERY:EVENT, or events or schedules in the "
                    + "config file");
        }
        boolean overlapSkip = recurring.stream().anyMatch(s -> s.overlap() == Schedule.Overlap.SKIP);
        boolean unique = hasUnique(registry.registrations());
        if (!settings.history().enabled()) {
            refuseOverlapSkip(spec, recurring, "history.enabled: false");
            refuseUnique(spec, settings.file().engine().registrations(), "history.enabled: false");
        }
        StopSignal stop = StopSignal.install();
        Ebats ebats = null;
        HistoryStore history = null;
        try {
            if (overlapSkip || unique) { // it knows when the previous fire's task settled, and holds the keys
                HistoryDatabase database = HistoryDatabase.of(settings, dataDir);
                history = database.open();
                log.info("history at {} for {}", database.describe(), overlapSkip && unique
                        ? "overlap skip and unique keys" : overlapSkip ? "overlap skip" : "unique keys");
            }
            ebats = common.connect(settings);
            registry.registrations().forEach(r -> log.info("registered: {}", describe(r)));
            if (!registry.registrations().isEmpty()) {
                start(ebats, registry, history);
            }
            recurring.forEach(s -> log.info("schedule {}", describe(s)));
            if (!recurring.isEmpty()) {
                ebats.startSchedules(recurring, ScheduleListener.NONE, history);
            }
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

    /** Starts the scheduler, with the history as the store of unique keys when a registration has one. */
    static void start(Ebats ebats, EventManager registry, HistoryStore history) {
        var scheduler = ebats.scheduler(registry);
        if (history != null && hasUnique(registry.registrations())) {
            scheduler.uniqueKeys(history);
        }
        scheduler.start();
    }

    static boolean hasUnique(List<Registration> registrations) {
        return registrations.stream().anyMatch(r -> r.unique() != null);
    }

    /**
     * Refuses the config file's registrations with a unique key when the history that holds the keys is off,
     * naming the first ({@code events.order_paied[0].unique}) and what turned the history off.
     */
    static void refuseUnique(CommandSpec spec, List<Registration> fileRegistrations, String off) {
        Map<String, Integer> index = new HashMap<>();
        for (Registration r : fileRegistrations) {
            int i = index.merge(r.event(), 1, Integer::sum) - 1; // the file lists each event's tasks together
            if (r.unique() != null) {
                throw new ParameterException(spec.commandLine(), "events." + r.event() + "[" + i + "].unique needs "
                        + "the history database, which holds the unique keys, and the history is off (" + off + ")");
            }
        }
    }

    /** Refuses schedules with overlap skip when the history they ask is off, naming what turned it off. */
    static void refuseOverlapSkip(CommandSpec spec, List<Schedule> schedules, String off) {
        schedules.stream().filter(s -> s.overlap() == Schedule.Overlap.SKIP).findFirst().ifPresent(s -> {
            throw new ParameterException(spec.commandLine(), "schedules." + s.name() + ".overlap: skip asks the "
                    + "history whether the previous fire's task settled, and the history is off (" + off + ")");
        });
    }

    /** Parses {@code EVENT:TASK:TOPIC[:DELAY]}. */
    static Registration parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 3 || parts.length > 4) {
            throw new IllegalArgumentException("--register must be EVENT:TASK:TOPIC[:DELAY], was '" + text + "'");
        }
        Duration delay = parts.length == 4 ? Durations.parse("delay of --register " + text, parts[3]) : Duration.ZERO;
        return new Registration(parts[0], parts[1], parts[2], delay, null);
    }

    /** Parses {@code NAME:CRON:EVENT} or {@code NAME:EVERY:EVENT}: a duration in the middle is a fixed rate. */
    static Schedule parseSchedule(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("--schedule must be NAME:CRON:EVENT or NAME:EVERY:EVENT, was '" + text
                    + "'");
        }
        String timing = parts[1].trim();
        try {
            Schedule.Builder builder = timing.matches("\\d+\\s*[a-z]+")
                    ? Schedule.every(parts[0], Durations.parse("--schedule " + text, timing))
                    : Schedule.cron(parts[0], timing);
            return builder.event(parts[2], null).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--schedule " + text + ": " + e.getMessage(), e);
        }
    }

    /** {@code heartbeat: every 2s -> task demo/diag.noop, misfire once}. */
    static String describe(Schedule s) {
        return s.name() + ": " + s.timing().describe() + " -> " + s.target().describe() + ", misfire "
                + s.misfire().name().toLowerCase(Locale.ROOT);
    }

    /** {@code order_create -> closeOrder on demo after 10s}, {@code order_paied -> ship on demo, unique k for 10m}. */
    static String describe(Registration r) {
        return r.event() + " -> " + r.task() + " on " + r.topic()
                + (r.delay().isZero() ? "" : " after " + Durations.format(r.delay()))
                + (r.unique() == null ? "" : ", unique " + r.unique().text() + (r.unique().window().isZero() ? ""
                        : " for " + Durations.format(r.unique().window())));
    }
}
