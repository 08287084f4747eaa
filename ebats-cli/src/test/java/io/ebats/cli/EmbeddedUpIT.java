package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ebats up} with no broker given: it brings its own, durable across restarts, as is its history. */
class EmbeddedUpIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern EMBEDDED_URI = Pattern.compile("embedded broker on amqp://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private final List<ChildProcess> children = new ArrayList<>();

    @AfterEach
    void stopChildren() throws Exception {
        for (ChildProcess child : children) {
            child.close();
        }
    }

    @Test
    void upStartsTheEmbeddedBrokerAndKeepsDelayedTasksAndHistoryAcrossARestart() throws Exception {
        ChildProcess first = up();
        String broker = brokerOf(first);
        assertThat(DashboardProbe.status(DashboardProbe.linkOf(first), "/metrics")).isLessThan(500);

        String eventId = cli(broker, "publish", "order_paied", "--param", "order_id=FB1");
        first.awaitLine(WAIT, "SUCCEEDED topic=demo task=virtualShipping");
        assertThat(first.linesWith("virtualShipping: order FB1 paid")).hasSize(1);
        assertThat(first.linesWith("event " + eventId.strip())).hasSize(1);

        cli(broker, "task", "demo", "diag.noop", "--delay", "6s", "--id", "survives-restart");
        cli(broker, "task", "nobody-consumes", "diag.noop", "--id", "stays-queued");
        assertThat(first.terminate()).isZero();
        assertThat(first.linesWith("id=survives-restart")).isEmpty();

        ChildProcess second = up("--no-dashboard");
        assertThat(second.linesWith("dashboard: off")).hasSize(1);
        second.awaitLine(WAIT, "SUCCEEDED topic=demo task=diag.noop id=survives-restart");
        JsonNode status = JSON.readTree(cli(brokerOf(second), "status", "--topic", "nobody-consumes", "--json"));
        assertThat(status.get("topics").get(0).get("ready").asLong()).isEqualTo(1);
        JsonNode shipped = JSON.readTree(cli(brokerOf(second), "history", "--data-dir", "data", "--event-id",
                eventId.strip(), "--json"));
        assertThat(shipped).hasSize(1);
        assertThat(shipped.get(0).get("taskName").asText()).isEqualTo("virtualShipping");
        assertThat(shipped.get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(second.terminate()).isZero();
    }

    private ChildProcess up(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("up", "--data-dir", dir.resolve("data").toString()));
        args.addAll(List.of(flags));
        ChildProcess up = ChildProcess.start(dir, args.toArray(String[]::new));
        children.add(up);
        up.awaitLine(START, "Running; Ctrl-C stops.");
        return up;
    }

    private static String brokerOf(ChildProcess up) {
        for (String line : up.lines()) {
            Matcher m = EMBEDDED_URI.matcher(line);
            if (m.find()) {
                return "amqp://guest:guest@127.0.0.1:" + m.group(1);
            }
        }
        throw new AssertionError("no embedded broker in the banner: " + up.lines());
    }

    private String cli(String broker, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--broker");
        all.add(broker);
        CliRunner.Result result = new CliRunner(Map.of(), dir).run(all.toArray(String[]::new));
        assertThat(result.code()).as(result.toString()).isZero();
        return result.out();
    }
}
