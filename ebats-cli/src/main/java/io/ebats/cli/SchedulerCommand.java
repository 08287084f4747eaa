package io.ebats.cli;

import io.ebats.Durations;
import io.ebats.Ebats;
import io.ebats.EventManager;
import io.ebats.Registration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ebats scheduler}: turns events into their registered tasks until Ctrl-C or SIGTERM. */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Turns events into their registered tasks until Ctrl-C or SIGTERM.",
                "Registry: the events of the config file plus every --register."})
final class SchedulerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SchedulerCommand.class);

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Option(names = "--register", paramLabel = "EVENT:TASK:TOPIC[:DELAY]",
            description = "Runs TASK on TOPIC for every EVENT, DELAY (e.g. 10s) after it; repeatable.")
    private List<String> registrations = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = common.settings();
        EventManager registry = settings.registry();
        registrations.forEach(text -> registry.register(parse(text)));
        if (registry.registrations().isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "nothing to schedule: give --register EVENT:TASK:TOPIC[:DELAY] or events in the config file");
        }
        StopSignal stop = StopSignal.install();
        Ebats ebats = null;
        try {
            ebats = common.connect(settings);
            registry.registrations().forEach(r -> log.info("registered: {}", describe(r)));
            ebats.startScheduler(registry);
            stop.await();
            return 0;
        } finally {
            if (ebats != null) {
                ebats.close();
            }
            stop.stopped();
        }
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

    /** {@code order_create -> closeOrder on demo after 10s}. */
    static String describe(Registration r) {
        return r.event() + " -> " + r.task() + " on " + r.topic()
                + (r.delay().isZero() ? "" : " after " + Durations.format(r.delay()));
    }
}
