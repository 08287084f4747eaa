package io.ebats.cli;

import io.ebats.ConfigFile;
import java.nio.file.Path;
import java.util.Set;

/**
 * The command line's {@code ebats.yml}: the engine settings and the event registry, which core reads, and the
 * sections only the command line reads.
 *
 * <pre>
 * worker:
 *   topics: [demo]
 *   concurrency: 16
 *   timeout: 5m
 * history:                           # EBATS_HISTORY_URL / _USER override these; EBATS_HISTORY_PASSWORD
 *   url: jdbc:postgresql://db/ebats  # default: a SQLite file under the command line's data directory
 *   user: ebats
 *   retention: 30d
 *   redact: [password, token, secret, authorization, api_key]
 * dashboard:
 *   bind: 127.0.0.1
 *   port: 8080
 *   token: a-long-random-string      # EBATS_DASHBOARD_TOKEN overrides it; default: random at each start
 * </pre>
 *
 * @param engine    the engine settings and the registry
 * @param worker    worker defaults of {@code worker} and {@code up}
 * @param history   where the commands record and read the history of attempts
 * @param dashboard where {@code up} and {@code dashboard} serve the dashboard
 */
record CliConfigFile(ConfigFile engine, WorkerDefaults worker, HistoryDefaults history, DashboardDefaults dashboard) {

    static final Set<String> SECTIONS = Set.of("worker", "history", "dashboard");

    /** Defaults only: no file. */
    static CliConfigFile empty() {
        return of(ConfigFile.empty());
    }

    /**
     * Reads a YAML file.
     *
     * @throws IllegalArgumentException naming the file, the path and the value when the content is wrong
     */
    static CliConfigFile load(Path file) {
        return of(ConfigFile.load(file, SECTIONS));
    }

    private static CliConfigFile of(ConfigFile file) {
        return new CliConfigFile(file, WorkerDefaults.read(file.section("worker")),
                HistoryDefaults.read(file.section("history")), DashboardDefaults.read(file.section("dashboard")));
    }
}
