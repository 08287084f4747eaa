package io.ebats.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every error into one line on stderr, {@code ebats: <message>}, and an exit code: {@value #USAGE} for bad
 * input (unknown command or option, invalid value, {@link IllegalArgumentException} from the library),
 * {@value #FAILURE} for failures at run time (broker unreachable, publish not confirmed). Stack traces only with
 * {@code --verbose}.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

    static final int FAILURE = 1;
    static final int USAGE = 2;

    private final boolean verbose;

    ErrorReporter(boolean verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String message = oneLine(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        report(cmd.getErr(), message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')", ex);
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        report(cmd.getErr(), describe(ex), ex);
        return ex instanceof IllegalArgumentException ? USAGE : FAILURE;
    }

    private void report(PrintWriter err, String message, Exception ex) {
        err.println("ebats: " + message);
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
    }

    static String describe(Throwable ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = ex.getCause();
            return cause != null && cause != ex ? describe(cause) : ex.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
