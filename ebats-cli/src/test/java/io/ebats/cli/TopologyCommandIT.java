package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.ebats.Ebats;
import io.ebats.TopicStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ebats topology delete} against the RabbitMQ on 127.0.0.1. */
class TopologyCommandIT {

    @TempDir
    Path dir;

    private final TestBroker broker = new TestBroker();
    private final String topic = "cli-" + UUID.randomUUID().toString().substring(0, 6);
    private CliRunner cli;
    private Ebats ebats;

    @BeforeEach
    void setUp() throws Exception {
        broker.writeConfig(dir);
        cli = new CliRunner(Map.of("EBATS_BROKER_URI", TestBroker.URI), dir);
        ebats = Ebats.connect(broker.config());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            ebats.close();
        } finally {
            broker.deleteNamespace(List.of(topic));
        }
    }

    @Test
    void aNamespaceThatHoldsATaskIsKeptUnlessForcedThenDeletedWithItsQueues() {
        ebats.tasks().create(topic, "t", null);

        CliRunner.Result refused = cli.run("topology", "delete", "--topic", topic, "--yes");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("cannot delete the exchanges and queues of namespace " + broker.namespace,
                "it holds 1 message", "--force");
        assertThat(taskQueue().exists()).isTrue();
        assertThat(taskQueue().ready()).isEqualTo(1);

        CliRunner.Result forced = cli.run("topology", "delete", "--topic", topic, "--yes", "--force");
        assertThat(forced.code()).as(forced.toString()).isZero();
        assertThat(forced.lastLine()).isEqualTo("deleted the exchanges and queues of namespace " + broker.namespace
                + " (topics [" + topic + "])");
        assertThat(taskQueue().exists()).isFalse();
    }

    @Test
    void withoutATerminalToAskOnNothingIsDeletedWithoutYes() {
        ebats.worker().topic(topic).handle("t", (p, ctx) -> { }).start().close(); // declares, leaves it empty

        CliRunner.Result result = cli.run("topology", "delete", "--topic", topic);

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("give --yes");
        assertThat(taskQueue().exists()).isTrue();
    }

    @Test
    void anIdleNamespaceIsDeletedWithYes() {
        ebats.worker().topic(topic).handle("t", (p, ctx) -> { }).start().close();
        assertThat(taskQueue().exists()).isTrue();

        CliRunner.Result result = cli.run("topology", "delete", "--topic", topic, "--yes");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(taskQueue().exists()).isFalse();
    }

    @Test
    void theDelayLadderIsDeletedOnlyWithLadderAndRefusedWhileItHoldsATask() {
        ebats.tasks().create(topic, "t", null, Duration.ofHours(1));
        String ladder = ebats.config().delayLadder();

        CliRunner.Result refused = cli.run("topology", "delete", "--ladder", "--yes");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("cannot delete the delay ladder " + ladder + ": it holds 1 message");
        assertThat(ebats.status(List.of(topic)).delayed()).isEqualTo(1);

        CliRunner.Result forced = cli.run("topology", "delete", "--ladder", "--yes", "--force");
        assertThat(forced.code()).as(forced.toString()).isZero();
        assertThat(forced.lastLine()).isEqualTo("deleted the delay ladder " + ladder);
        assertThat(ebats.status(List.of(topic)).delayed()).isZero();
        assertThat(taskQueue().exists()).as("the namespace stays").isTrue();
    }

    @Test
    void theLegacyLadderIsDeletedWithLegacyLadderAndItsAbsenceIsNoError() throws Exception {
        CliRunner.Result none = cli.run("topology", "delete", "--legacy-ladder", "--yes");
        assertThat(none.code()).as(none.toString()).isZero();
        assertThat(none.lastLine()).isEqualTo("namespace " + broker.namespace
                + " has no delay ladder of an earlier ebats: nothing deleted");

        String level = broker.namespace + ".delay.00"; // the bottom level of an earlier ebats's own ladder
        try (Connection raw = newRawConnection(); Channel ch = raw.createChannel()) {
            ch.queueDeclare(level, true, false, false, Map.of("x-queue-type", "quorum"));
        }
        assertThat(ebats.status(List.of(topic)).delayLadder().legacyDelayed()).isZero();

        CliRunner.Result deleted = cli.run("topology", "delete", "--legacy-ladder", "--yes");
        assertThat(deleted.code()).as(deleted.toString()).isZero();
        assertThat(deleted.lastLine()).isEqualTo("deleted the delay ladder of an earlier ebats of namespace "
                + broker.namespace);
        assertThat(ebats.status(List.of(topic)).delayLadder().hasLegacyLadder()).isFalse();
    }

    private static Connection newRawConnection() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestBroker.URI);
        return factory.newConnection("ebats-test-raw");
    }

    private TopicStatus taskQueue() {
        return ebats.status(List.of(topic)).topics().get(0);
    }
}
