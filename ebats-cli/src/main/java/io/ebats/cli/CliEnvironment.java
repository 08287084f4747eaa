package io.ebats.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a command reads from its surroundings: the environment variables and the working directory (where
 * {@code ebats.yml} is looked for). Tests pass their own.
 *
 * @param variables environment variables ({@code EBATS_*} are applied to the configuration)
 * @param workDir   the directory relative paths and the default {@code ebats.yml} are resolved against
 */
public record CliEnvironment(Map<String, String> variables, Path workDir) {

    public CliEnvironment {
        variables = Map.copyOf(variables);
        workDir = workDir.toAbsolutePath();
    }

    /** The process's environment and working directory. */
    public static CliEnvironment current() {
        return new CliEnvironment(System.getenv(), Path.of(""));
    }

    Path resolve(Path path) {
        return workDir.resolve(path);
    }
}
