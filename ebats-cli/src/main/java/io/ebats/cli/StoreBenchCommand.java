package io.ebats.cli;

import io.ebats.bench.BenchmarkOptions;
import io.ebats.bench.HistoryDatabase;
import io.ebats.bench.StoreBenchmark;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ebats bench-store}: the history store alone, the CPU each attempt record costs it. */
@Command(name = "bench-store", mixinStandardHelpOptions = true,
        description = {"Measures the history store alone, without a broker: attempt records fed to it at a set "
                + "rate, in rounds, each ending when its records are written.",
                "Prints per round the records a second and the CPU per record of the process, of the store's "
                + "writer thread, of the database's threads in the process (H2's) and of the rest of the machine "
                + "(a local database server's), then the medians of the rounds after the first "
                + StoreBenchmark.WARM_UP_ROUNDS + ". Fails if a record is dropped."})
final class StoreBenchCommand implements Callable<Integer> {

    /** Accepts the options every command takes; this one needs none of their values. */
    @SuppressWarnings("unused") // filled in by picocli
    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Option(names = "--rounds", paramLabel = "N",
            description = "Rounds (default: " + StoreBenchmark.DEFAULT_ROUNDS + ").")
    private int rounds = StoreBenchmark.DEFAULT_ROUNDS;

    @Option(names = "--records", paramLabel = "N",
            description = "Records per round (default: " + StoreBenchmark.DEFAULT_RECORDS + ").")
    private int records = StoreBenchmark.DEFAULT_RECORDS;

    @Option(names = "--rate", paramLabel = "R",
            description = "Records fed a second; 0 for as fast as the store writes them (default: "
                    + StoreBenchmark.DEFAULT_RATE + ").")
    private int rate = StoreBenchmark.DEFAULT_RATE;

    @Option(names = "--message-size", paramLabel = "BYTES",
            description = "About the size of each record's JSON params (default: "
                    + BenchmarkOptions.DEFAULT_MESSAGE_BYTES + ").")
    private int messageBytes = BenchmarkOptions.DEFAULT_MESSAGE_BYTES;

    @Mixin
    private BenchDatabaseOptions historyDatabase;

    @Override
    public Integer call() {
        CliLogging.oneShot();
        StoreBenchmark benchmark;
        HistoryDatabase database;
        try {
            database = historyDatabase.database();
            benchmark = new StoreBenchmark(new StoreBenchmark.Options(rounds, records, rate, messageBytes), database);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        List<StoreBenchmark.Round> result = benchmark.run(round -> {
            err.println(String.format(Locale.ROOT, "bench-store: round %d of %d: %.0f records/s, %.1f us of CPU per "
                    + "record", round.index(), rounds, round.recordsPerSecond(), round.processMicros()));
            err.flush();
        });
        PrintWriter out = spec.commandLine().getOut();
        out.print(StoreBenchmark.table(result, database.label()));
        out.flush();
        return 0;
    }
}
