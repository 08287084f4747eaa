package io.ebats.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ node of the test's own, started from the installed RabbitMQ on loopback with its own name, ports,
 * data directory and configuration, so a scenario can stop, kill, restart or cluster it without touching the
 * machine's broker. Nodes made with the same {@code home} share an Erlang cookie and can form a cluster.
 */
final class RabbitNode implements AutoCloseable {

    static final Path BIN = Path.of("/usr/lib/rabbitmq/bin");
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private final String name;
    private final Path dir;
    private final Path home;
    private final int port;
    private final int distPort;

    private RabbitNode(String name, Path dir, Path home, int port, int distPort) {
        this.name = name;
        this.dir = dir;
        this.home = home;
        this.port = port;
        this.distPort = distPort;
    }

    /** Writes the node's files (the extra lines go into its rabbitmq.conf) and starts it. */
    static RabbitNode start(String shortName, Path home, List<String> extraConfig) throws Exception {
        return start(shortName, home, extraConfig, "[].");
    }

    /** The same, with an advanced.config (Erlang terms) for settings rabbitmq.conf does not have. */
    static RabbitNode start(String shortName, Path home, List<String> extraConfig, String advancedConfig)
            throws Exception {
        if (!Files.isExecutable(BIN.resolve("rabbitmq-server"))) {
            throw new IllegalStateException("RabbitMQ is not installed: " + BIN.resolve("rabbitmq-server")
                    + " is missing (apt-get install rabbitmq-server)");
        }
        Path dir = home.resolve(shortName);
        Files.createDirectories(dir);
        writeCookie(home);
        RabbitNode node = new RabbitNode(shortName + "@localhost", dir, home, freePort(), freePort());
        List<String> config = new ArrayList<>(List.of("listeners.tcp.local = 127.0.0.1:" + node.port,
                "loopback_users = none"));
        config.addAll(extraConfig);
        Files.write(dir.resolve("rabbitmq.conf"), config);
        Files.writeString(dir.resolve("enabled_plugins"), "[].");
        Files.writeString(dir.resolve("env.conf"), "");
        Files.writeString(dir.resolve("advanced.config"), advancedConfig);
        node.start();
        return node;
    }

    String uri() {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    String nodeName() {
        return name;
    }

    Path dir() {
        return dir;
    }

    /** Starts the node (again) on its data directory and waits until it serves. */
    void start() throws Exception {
        run(List.of(BIN.resolve("rabbitmq-server").toString(), "-detached"), Duration.ofSeconds(30));
        awaitStartup();
    }

    /** Until the VM has registered, rabbitmqctl cannot reach it at all: ask again until it answers. */
    private void awaitStartup() throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            try {
                ctl(START_LIMIT, "await_startup", "--timeout", String.valueOf(START_LIMIT.toSeconds()));
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("node " + name + " did not start within " + START_LIMIT
                            + "; its log is under " + dir.resolve("log"), e);
                }
                Thread.sleep(500);
            }
        }
    }

    /** A graceful stop, as an operator's {@code rabbitmqctl stop}. */
    void stop() throws Exception {
        ctl(Duration.ofSeconds(60), "stop");
    }

    /** kill -9 of the node's Erlang VM. */
    void kill() throws Exception {
        String pid = ctl(Duration.ofSeconds(30), "eval", "os:getpid().").trim().replace("\"", "");
        run(List.of("kill", "-9", pid), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> !isListening());
    }

    /** Makes this node a member of {@code other}'s cluster. */
    void joinCluster(RabbitNode other) throws Exception {
        ctl(Duration.ofSeconds(60), "stop_app");
        ctl(Duration.ofSeconds(60), "join_cluster", other.name);
        ctl(Duration.ofSeconds(60), "start_app");
        awaitStartup();
    }

    /** rabbitmqctl against this node; returns its output, fails on a non-zero exit. */
    String ctl(Duration limit, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(BIN.resolve("rabbitmqctl").toString(), "-n", name));
        command.addAll(List.of(args));
        return run(command, limit);
    }

    boolean isListening() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (isListening()) {
                kill();
            }
        } finally {
            // the Erlang VM may outlive a failed stop: make sure nothing of this node is left running
            new ProcessBuilder("pkill", "-9", "-f", "-sname " + name.substring(0, name.indexOf('@')) + " ")
                    .start().waitFor(10, TimeUnit.SECONDS);
            new ProcessBuilder("pkill", "-9", "-f", "nodename " + name).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String run(List<String> command, Duration limit) throws Exception {
        // in the node's directory: a failing Erlang VM writes its crash dump there, not into the project
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("ERL_CRASH_DUMP", dir.resolve("erl_crash.dump").toString());
        env.put("HOME", home.toString());
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("env.conf").toString());
        env.put("RABBITMQ_NODENAME", name);
        env.put("RABBITMQ_NODE_PORT", String.valueOf(port));
        env.put("RABBITMQ_DIST_PORT", String.valueOf(distPort));
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        // output to a file, not a pipe: a detached Erlang VM would hold a pipe open for its whole life
        Path output = Files.createTempFile(dir, "ctl-", ".out");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + limit);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                    + text);
        }
        return text;
    }

    private static void writeCookie(Path home) throws IOException {
        Path cookie = home.resolve(".erlang.cookie");
        if (Files.exists(cookie)) {
            return;
        }
        Files.writeString(cookie, "EBATSFAULTSUITE" + ProcessHandle.current().pid());
        Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
