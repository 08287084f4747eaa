package io.ebats.cli;

import io.ebats.Ebats;
import io.ebats.cli.demo.DemoShop;
import io.ebats.dashboard.Dashboard;
import io.ebats.store.HistoryStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ebats dashboard}: serves the dashboard over a running system until Ctrl-C or SIGTERM. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serves the dashboard over a running system until Ctrl-C or SIGTERM.",
                "Reads the same broker, namespace and history database as up and worker, and prints the dashboard's "
                + "address with the action token.",
                "Port: --port, dashboard.port of the config file, or 8080 (any free port when 8080 is taken)."})
final class DashboardCommand implements Callable<Integer> {

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "Port to serve on; 0 for any free one.")
    private Integer port;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to bind (default: dashboard.bind of the config file, or 127.0.0.1).")
    private String bind;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the SQLite history (default: ./.ebats).")
    private Path dataDir = Path.of(".ebats");

    @Option(names = "--no-history", description = "Show no runs, only the broker's view.")
    private boolean noHistory;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = common.settings();
        if (port != null && (port < 0 || port > 65_535)) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, was " + port);
        }
        DashboardServing serving = DashboardServing.of(settings.dashboard(), port, bind, "--port");
        Set<String> topics = new TreeSet<>(settings.knownTopics());
        topics.add(DemoShop.TOPIC);

        StopSignal stop = StopSignal.install();
        Ebats ebats = null;
        HistoryStore history = null;
        Dashboard dashboard = null;
        try {
            ebats = common.connect(settings);
            if (!noHistory && settings.history().enabled()) {
                history = HistoryDatabase.of(settings, dataDir).open();
            }
            dashboard = serving.start(ebats, Dashboard.Options.builder().history(history)
                    .registry(settings.registryOrDemo()).topics(topics));
            PrintWriter out = spec.commandLine().getOut();
            out.println(serving.line(dashboard) + "\nServing; Ctrl-C stops.");
            out.flush();
            stop.await();
            return 0;
        } finally {
            if (dashboard != null) {
                dashboard.close();
            }
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
