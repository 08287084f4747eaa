package io.ebats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The broker's own command line, for what AMQP cannot do (policies, users); runs as the user of the tests. */
final class Rabbitmqctl {

    private Rabbitmqctl() {
    }

    /** Runs {@code rabbitmqctl -q ARGS} within a minute; returns its output, stderr included. */
    static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("rabbitmqctl " + String.join(" ", args) + " did not end within 60 s");
        }
        return output;
    }
}
