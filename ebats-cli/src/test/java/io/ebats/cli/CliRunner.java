package io.ebats.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs command lines in this JVM with captured stdout and stderr. */
final class CliRunner {

    private final CliEnvironment environment;

    CliRunner(Map<String, String> variables, Path workDir) {
        this.environment = new CliEnvironment(variables, workDir);
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * What a command printed and returned.
     *
     * @param code exit code
     * @param out  stdout
     * @param err  stderr
     */
    record Result(int code, String out, String err) {

        /** The last non-empty line of stdout. */
        String lastLine() {
            String[] lines = out.strip().split("\\R");
            return lines[lines.length - 1].strip();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
