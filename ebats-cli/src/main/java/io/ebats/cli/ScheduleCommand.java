package io.ebats.cli;

import io.ebats.Ebats;
import io.ebats.ScheduleStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ebats schedule list|pause|resume|trigger}: the namespace's schedules, wherever they are fired. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Lists, pauses, resumes and triggers the namespace's schedules, as the process that fires "
                + "them has them; pauses are kept by the broker, for every process and across restarts.",
        subcommands = {ScheduleCommand.ListCommand.class, ScheduleCommand.Pause.class, ScheduleCommand.Resume.class,
                ScheduleCommand.Trigger.class})
final class ScheduleCommand implements Runnable {

    /** How long a listing waits for the firing process. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(3);

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: list, pause, resume or trigger");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Name, timing, what it fires, last fire and its id, next fire, paused.")
    static final class ListCommand implements Callable<Integer> {

        @Mixin
        private CommonOptions common;

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        private boolean json;

        @Override
        public Integer call() {
            CliLogging.oneShot();
            Optional<List<ScheduleStatus>> rows;
            try (Ebats ebats = common.connect(common.settings())) {
                rows = ebats.schedules().list(ANSWER_WAIT);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (rows.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "no process fires the schedules of this namespace "
                        + "now (none answered within " + ANSWER_WAIT.toSeconds() + " s): start `ebats scheduler` or "
                        + "`ebats up` with them");
            }
            if (json) {
                JsonOutput.print(out, rows.get());
                return 0;
            }
            Table table = new Table("SCHEDULE", "TIMING", "FIRES", "MISFIRE", "NEXT", "LAST", "LAST ID", "PAUSED");
            for (ScheduleStatus s : rows.get()) {
                table.row(s.name(), s.timing(), s.fires(), s.misfire().name().toLowerCase(Locale.ROOT),
                        s.nextFire() == null ? "-" : s.nextFire(), s.lastFire() == null ? "-" : s.lastFire(),
                        s.lastFireId() == null ? "-" : s.lastFireId(), s.paused() ? "yes" : "no");
            }
            table.print(out);
            out.flush();
            return 0;
        }
    }

    /** What the three commands on one schedule share. */
    abstract static class OnSchedule implements Callable<Integer> {

        @Mixin
        private CommonOptions common;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The schedule.")
        private String name;

        @Override
        public Integer call() {
            CliLogging.oneShot();
            try (Ebats ebats = common.connect(common.settings())) {
                Optional<List<ScheduleStatus>> rows = ebats.schedules().list(ANSWER_WAIT);
                if (rows.isPresent() && rows.get().stream().noneMatch(s -> s.name().equals(name))) {
                    throw new ParameterException(spec.commandLine(), "no schedule " + name + " (schedules: "
                            + rows.get().stream().map(ScheduleStatus::name).toList() + ")");
                }
                String done = apply(ebats, name);
                spec.commandLine().getOut().println(done + (rows.isEmpty()
                        ? " (no process fires the schedules now: it applies when one starts)" : ""));
            }
            return 0;
        }

        abstract String apply(Ebats ebats, String schedule);
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stops a schedule firing until resumed.")
    static final class Pause extends OnSchedule {
        @Override
        String apply(Ebats ebats, String schedule) {
            ebats.schedules().pause(schedule);
            return "paused " + schedule;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Fires a paused schedule again from its next time; what passed while paused is not fired.")
    static final class Resume extends OnSchedule {
        @Override
        String apply(Ebats ebats, String schedule) {
            ebats.schedules().resume(schedule);
            return "resumed " + schedule;
        }
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Fires a schedule once now, with an id of its own; prints the id.")
    static final class Trigger extends OnSchedule {
        @Override
        String apply(Ebats ebats, String schedule) {
            return ebats.schedules().trigger(schedule);
        }
    }
}
