package io.ebats.cli;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code io.ebats.cli.Main} in a JVM of its own, started with this JVM's java binary and class path (the fat jar
 * is built only after the tests), its output collected line by line.
 */
final class ChildProcess implements AutoCloseable {

    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ChildProcess(Process process, String label) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("child-output-" + label).start(() -> collect(label));
    }

    /** Starts {@code Main} with the arguments in {@code workDir}, with EBATS_* variables of this JVM removed. */
    static ChildProcess start(Path workDir, String... args) throws IOException {
        return start(List.of(), workDir, args);
    }

    /** Starts {@code Main} in a JVM with the given options, e.g. {@code -Xmx128m}. */
    static ChildProcess start(List<String> jvmOptions, Path workDir, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("EBATS_"));
        return new ChildProcess(builder.start(), args[0]);
    }

    /** Every output line so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The output lines matching {@code filter}. */
    List<String> lines(Predicate<String> filter) {
        return lines.stream().filter(filter).toList();
    }

    /** Output lines holding every one of {@code parts}. */
    List<String> linesWith(String... parts) {
        return lines(line -> {
            for (String part : parts) {
                if (!line.contains(part)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Waits until a line holds every one of {@code parts}. */
    void awaitLine(Duration atMost, String... parts) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                    .until(() -> !linesWith(parts).isEmpty() || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no line with " + List.of(parts) + " within " + atMost + ":\n" + this, e);
        }
        if (linesWith(parts).isEmpty()) {
            throw new AssertionError("the child exited with " + process.exitValue() + " before printing "
                    + List.of(parts) + ":\n" + this);
        }
    }

    /** Waits for the child to exit by itself; its exit code, or -1 when it still runs after {@code atMost}. */
    int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        reader.join(Duration.ofSeconds(5));
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGTERM and returns the exit code, or -1 when it did not exit in time. Signals through the process
     * handle: {@code Process.destroy()} would also close the output stream and lose the last lines.
     */
    int terminate() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            return -1;
        }
        reader.join(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /** SIGKILL, as a crash: no shutdown hook runs. Waits until the child is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Makes sure the child is gone: SIGTERM, then SIGKILL after a bound. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.toHandle().destroy();
            if (!process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void collect(String label) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
                System.out.println("[" + label + "] " + line);
            }
        } catch (IOException e) {
            lines.add("(output unreadable: " + e + ")");
        }
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
