package io.ebats.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** The {@code ebats} command line: parses the arguments, runs the command and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        disableH2ObjectCache();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(CliEnvironment.current(), out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * H2 keeps a shared cache of value objects, hashing every string it is given: for the history writer, which
     * stores strings once and never looks them up again, that is about a tenth of its CPU for nothing. Set before
     * H2 loads; {@code -Dh2.objectCache=true} keeps the cache.
     */
    static void disableH2ObjectCache() {
        if (System.getProperty("h2.objectCache") == null) {
            System.setProperty("h2.objectCache", "false");
        }
    }

    /** Runs one command line and returns the exit code: 0 done, 1 failed, 2 bad usage. */
    public static int run(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(environment, out, err, args).execute(args);
    }

    /** The configured picocli command line; {@code args} only decide whether errors show stack traces. */
    static CommandLine commandLine(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        ErrorReporter errors = new ErrorReporter(isVerbose(args));
        CommandLine cmd = new CommandLine(new EbatsCommand(environment));
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler(errors);
        cmd.setExecutionExceptionHandler(errors);
        cmd.setUsageHelpAutoWidth(true);
        return cmd;
    }

    private static boolean isVerbose(String... args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (List.of("-v", "--verbose").contains(arg)) {
                return true;
            }
        }
        return false;
    }
}
