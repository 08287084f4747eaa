package io.ebats.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test class path run in a JVM of its own, with its stdout read line by line. Its stdin
 * stays open while the test runs: the child halts when it closes ({@link #haltWhenParentGoes()}).
 */
final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Every line printed so far, for {@link #printed}; {@link #await} consumes only {@link #lines}. */
    private final List<String> history = Collections.synchronizedList(new ArrayList<>());

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(this::readOutput, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(String name, Class<?> mainClass, Object... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), mainClass.getName()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        try {
            return new ChildJvm(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Waits for a line of output starting with {@code prefix}; fails on timeout or exit. */
    String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before printing " + prefix);
            }
        }
        throw new AssertionError(name + " did not print " + prefix + " within " + timeout);
    }

    /** The lines printed so far that contain {@code text}, oldest first. */
    List<String> printed(String text) {
        synchronized (history) {
            return history.stream().filter(line -> line.contains(text)).toList();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the exit code (fails after {@code timeout}). */
    int terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the child's stdin at once
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                history.add(line);
                lines.add(line);
                if (Boolean.getBoolean("ebats.faults.verbose")) {
                    System.out.println("[" + name + "] " + line);
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    /** In the child: halt as soon as the parent's end of stdin closes. */
    static void haltWhenParentGoes() {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent writes nothing; end of stream means it has gone
                }
                Runtime.getRuntime().halt(3);
            } catch (IOException ignored) {
                // stdin closed by the JVM's own exit: let the exit finish with its status
            }
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
