package io.ebats.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one row per scenario to {@code target/fault-report.md}, a new table per test run: the figures of
 * docs/reliability.md.
 */
final class FaultReport {

    private static final Path FILE = Path.of("target", "fault-report.md");
    private static boolean started;

    private FaultReport() {
    }

    static synchronized void row(String scenario, long tasks, long lost, long duplicates, String recovery) {
        String line = "| " + scenario + " | " + tasks + " | " + lost + " | " + duplicates + " | " + recovery + " |\n";
        System.out.print("fault report: " + line);
        try {
            Files.createDirectories(FILE.getParent());
            if (!started) { // a new run starts a new table
                Files.deleteIfExists(FILE);
                started = true;
            }
            if (!Files.exists(FILE)) {
                Files.writeString(FILE, "| scenario | tasks | lost | duplicates | recovery |\n|---|---|---|---|---|\n",
                        StandardCharsets.UTF_8);
            }
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
