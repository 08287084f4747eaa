package io.ebats.cli;

import io.ebats.Durations;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.EventManager;
import io.ebats.Registration;
import io.ebats.Schedule;
import io.ebats.ScheduleListener;
import io.ebats.cli.demo.DemoConsumer;
import io.ebats.cli.demo.DemoPublisher;
import io.ebats.cli.demo.DemoShop;
import io.ebats.dashboard.Dashboard;
import io.ebats.dashboard.ScheduleMetrics;
import io.ebats.dashboard.TaskMetrics;
import io.ebats.store.HistoryStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
 * {@code ebats up}: the whole system in one process: scheduler, workers for every registered topic, the demo
 * shop's custom consumer, the history of every attempt, the dashboard and, with {@code --demo}, a publisher playing the
 * shop.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Runs the whole system in one process: broker, scheduler, workers, custom consumer, demo.",
                "Without a broker (--broker, EBATS_BROKER_URI or the config file's broker) it starts the embedded "
                + "broker on 127.0.0.1 (port 5672 when free), keeping its messages under --data-dir.",
                "Until Ctrl-C or SIGTERM it runs the scheduler (the config file's events, or the demo shop's "
                + "registry when there are none), workers with the built-in handlers for every registered topic, "
                + "and the demo shop's custom consumer (order_fanout -> orderAsync on demo).",
                "Every attempt is recorded in the history (SQLite under --data-dir, or history.url of the config "
                + "file) and the dashboard serves on 127.0.0.1:8080 (any free port when 8080 is taken); the banner prints its "
                + "address with the action token.",
                "With --demo it also publishes order_create, order_paied and an order_fanout message every 3s, and "
                + "every 10th time a diag.fail task (a dead letter) and a diag.flaky one (two retries)."})
final class UpCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(UpCommand.class);

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Option(names = "--demo", description = "Publish demo events and messages periodically.")
    private boolean demo;

    @Option(names = "--demo-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often --demo publishes (default: 3s).")
    private Duration demoEvery = Duration.ofSeconds(3);

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded broker keeps its messages and the SQLite history its attempts "
                    + "(default: ./.ebats).")
    private Path dataDir = Path.of(".ebats");

    @Option(names = "--no-history", description = "Do not record attempts (also history.enabled: false).")
    private boolean noHistory;

    @Option(names = "--no-dashboard", description = "Do not serve the dashboard (also dashboard.enabled: false).")
    private boolean noDashboard;

    @Option(names = "--dashboard-port", paramLabel = "N",
            description = "Port of the dashboard; 0 for any free one (default: dashboard.port of the config file, "
                    + "or 8080 falling back to any free port when taken).")
    private Integer dashboardPort;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Tasks run at once per topic (default: worker.concurrency of the config file, or 16).")
    private Integer concurrency;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = common.settings();
        boolean demoRegistry = settings.file().engine().registrations().isEmpty();
        EventManager registry = settings.registryOrDemo();
        Set<String> topics = new TreeSet<>(registry.topics());
        topics.addAll(settings.file().worker().topics());
        topics.add(DemoShop.TOPIC);
        int tasksAtOnce = concurrency != null ? concurrency : settings.file().worker().concurrency();
        if (tasksAtOnce < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1, was " + tasksAtOnce);
        }
        if (demoEvery.toMillis() < 100) {
            throw new ParameterException(spec.commandLine(), "--demo-every must be at least 100ms, was " + demoEvery);
        }
        if (dashboardPort != null && (dashboardPort < 0 || dashboardPort > 65_535)) {
            throw new ParameterException(spec.commandLine(), "--dashboard-port must be 0..65535, was " + dashboardPort);
        }
        HandlerSet handlers = HandlerSet.of(List.of());
        HistoryDatabase historyDatabase = noHistory || !settings.history().enabled() ? null
                : HistoryDatabase.of(settings, dataDir);
        if (historyDatabase == null) {
            String off = noHistory ? "--no-history" : "history.enabled: false";
            SchedulerCommand.refuseOverlapSkip(spec, settings.file().engine().schedules(), off);
            SchedulerCommand.refuseUnique(spec, settings.file().engine().registrations(), off);
        }
        DashboardServing serving = noDashboard || !settings.dashboard().enabled() ? null
                : DashboardServing.of(settings.dashboard(), dashboardPort, null, "--dashboard-port");

        StopSignal stop = StopSignal.install();
        long startedAt = System.nanoTime();
        BrokerLauncher broker = common.brokerGiven(settings) ? BrokerLauncher.external()
                : new EmbeddedBrokerLauncher(settings.environment().resolve(dataDir));
        HistoryStore history = null;
        Ebats ebats = null;
        Dashboard dashboard = null;
        DemoPublisher publisher = null;
        try {
            history = historyDatabase == null ? null : historyDatabase.open();
            EbatsConfig config = broker.start(settings.config());
            ebats = Ebats.connect(config);
            TaskMetrics metrics = serving == null ? null : new TaskMetrics();
            if (serving != null) {
                dashboard = serving.start(ebats, Dashboard.Options.builder().history(history)
                        .registry(registry).topics(topics).metrics(metrics));
            }
            DemoShop demoNames = DemoShop.forNamespace(config.namespace());
            SchedulerCommand.start(ebats, registry, history);
            if (!settings.file().engine().schedules().isEmpty()) {
                ebats.startSchedules(settings.file().engine().schedules(),
                        metrics == null ? ScheduleListener.NONE : new ScheduleMetrics(metrics.registry()), history);
            }
            var worker = ebats.worker().concurrency(tasksAtOnce).handlerTimeout(settings.file().worker().timeout())
                    .listener(new AttemptLogger());
            if (history != null) {
                worker.listener(history).cancellations(history);
            }
            if (metrics != null) {
                worker.listener(metrics);
            }
            topics.forEach(worker::topic);
            handlers.applyTo(worker).start();
            DemoConsumer.start(ebats, demoNames);
            if (demo) {
                publisher = DemoPublisher.start(ebats, demoNames, demoEvery);
            }
            printBanner(config, settings, demoRegistry, registry, topics, tasksAtOnce, handlers, demoNames, broker,
                    historyDatabase, serving == null ? null : serving.line(dashboard));
            log.info("up in {} ms", (System.nanoTime() - startedAt) / 1_000_000);
            stop.await();
            return 0;
        } finally {
            if (publisher != null) {
                publisher.close();
            }
            if (dashboard != null) {
                dashboard.close();
            }
            if (ebats != null) {
                ebats.close();
            }
            broker.close();
            if (history != null) {
                history.close();
            }
            stop.stopped();
        }
    }

    /** Prints what runs where in one write, so that log lines of the running parts do not cut through it. */
    private void printBanner(EbatsConfig config, Settings settings, boolean demoRegistry, EventManager registry,
                             Set<String> topics, int tasksAtOnce, HandlerSet handlers, DemoShop names,
                             BrokerLauncher broker, HistoryDatabase history, String dashboardLine) {
        StringBuilder banner = new StringBuilder();
        if (broker instanceof EmbeddedBrokerLauncher embedded) {
            banner.append("ebats up: embedded broker on ").append(config.broker().describe())
                    .append(", data in ").append(settings.environment().resolve(dataDir).resolve("broker"))
                    .append('\n');
            if (embedded.port() != 5672) {
                banner.append("  port 5672 is taken: other terminals need --broker ")
                        .append("amqp://guest:guest@127.0.0.1:").append(embedded.port()).append('\n');
            }
        }
        banner.append("ebats up: broker ").append(config.broker().describe())
                .append(", namespace ").append(config.namespace())
                .append(settings.path() == null ? ", no config file" : ", config " + settings.path()).append('\n')
                .append("  scheduler: ").append(demoRegistry ? "the demo shop's registry" : "the config file's events")
                .append('\n');
        for (Registration r : registry.registrations()) {
            banner.append("    ").append(SchedulerCommand.describe(r)).append('\n');
        }
        for (Schedule s : settings.file().engine().schedules()) {
            banner.append("  schedule ").append(SchedulerCommand.describe(s)).append('\n');
        }
        banner.append("  worker: topics ").append(topics).append(", concurrency ").append(tasksAtOnce)
                .append(", tasks ").append(handlers.tasks()).append('\n')
                .append("  consumer: exchange ").append(names.exchange()).append(" (topic), queue ").append(names.queue())
                .append(", key ").append(DemoShop.BINDING_KEY).append(" -> task ").append(DemoShop.CONSUMER_TASK)
                .append(" on ").append(DemoShop.TOPIC).append('\n');
        banner.append("  history: ").append(history == null ? "off" : history.describe()
                + ", kept " + Durations.format(history.settings().retention())).append('\n');
        banner.append("  ").append(dashboardLine == null ? "dashboard: off" : dashboardLine).append('\n');
        if (demo) {
            banner.append("  demo: order_create, order_paied and ").append(DemoShop.ROUTING_KEY).append(" to ")
                    .append(names.exchange()).append(" every ").append(Durations.format(demoEvery))
                    .append("; every ").append(DemoPublisher.DIAGNOSTIC_EVERY)
                    .append("th time diag.fail and diag.flaky tasks on ").append(DemoShop.TOPIC).append('\n');
        }
        banner.append("Running; Ctrl-C stops.");
        PrintWriter out = spec.commandLine().getOut();
        out.println(banner);
        out.flush();
    }
}
