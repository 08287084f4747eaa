package io.ebats.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class EmbeddedBrokerTest {

    @TempDir
    Path dir;

    @Test
    void acceptsAmqpClientConnectionsOnTheDefaultVirtualHostWithTheConfiguredUser() throws Exception {
        var options = EmbeddedBroker.Options.defaults()
                .withDataDirectory(dir)
                .withPort(EmbeddedBroker.ANY_FREE_PORT)
                .withCredentials("ebäts", "p@ss:w/rd $$ ${qpid.amqp_port}");
        long started = System.nanoTime();
        try (EmbeddedBroker broker = EmbeddedBroker.start(options)) {
            System.out.printf("start on an empty directory: %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(broker.uri()).isEqualTo("amqp://ebäts:p%40ss%3Aw%2Frd%20%24%24%20%24%7Bqpid.amqp_port%7D@127.0.0.1:"
                    + broker.port());
            assertThat(broker.dataDirectory()).isEqualTo(dir.toAbsolutePath());

            ConnectionFactory factory = factory(broker);
            assertThat(factory.getVirtualHost()).isEqualTo("/");
            try (Connection connection = factory.newConnection()) {
                assertThat(connection.getServerProperties().get("product").toString())
                        .isEqualTo("Apache Qpid Broker-J Core");
                assertThat(connection.getServerProperties().get("capabilities"))
                        .as("what clients such as pika check before confirm.select")
                        .isEqualTo(Map.of("publisher_confirms", true, "basic.nack", true));
                Channel channel = connection.createChannel();
                String queue = channel.queueDeclare().getQueue();
                assertThat(channel.queueDeclarePassive(queue).getQueue()).isEqualTo(queue);
            }

            factory.setUsername("guest");
            factory.setPassword("guest");
            assertThatThrownBy(factory::newConnection).isInstanceOf(PossibleAuthenticationFailureException.class);
        }
    }

    @Test
    void quietensQpidLoggersThatTheApplicationDidNotConfigureAndWritesNoDerbyLog() {
        try (EmbeddedBroker broker = EmbeddedBroker.start(options(dir))) {
            assertThat(LoggerFactory.getLogger("some.application").isInfoEnabled()).isTrue();
            assertThat(LoggerFactory.getLogger("org.apache.qpid.server.model.Broker").isInfoEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("qpid.message.broker.ready").isInfoEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("org.apache.qpid.server").isWarnEnabled()).isTrue();
            assertThat(LoggerFactory.getLogger("DERBY").isWarnEnabled()).isFalse();
        }
        assertThat(Path.of("derby.log")).doesNotExist();
    }

    @Test
    void closeLeavesNoNonDaemonThreadBehind() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EmbeddedBroker broker = EmbeddedBroker.start(options(dir));
        broker.close();

        await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(newThreads(before))
                .isEmpty());
    }

    @Test
    void persistentMessagesSurviveACloseAndAStartOnTheSameDirectoryAndPort() throws Exception {
        String queue = "durable.survivor";
        Path data = dir.resolve("data $ ${qpid.work_dir} $$");
        int port;
        EmbeddedBroker first = EmbeddedBroker.start(options(data));
        try (Connection connection = factory(first).newConnection()) {
            port = first.port();
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            channel.queueDeclare(queue, true, false, false, null);
            for (int i = 0; i < 100; i++) {
                channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("m" + i));
            }
            channel.waitForConfirmsOrDie(10_000);
        } finally {
            first.close();
        }
        first.close(); // idempotent
        assertThat(first.isClosed()).isTrue();

        long started = System.nanoTime();
        assertThat(data.resolve("store")).isDirectory();
        try (EmbeddedBroker second = EmbeddedBroker.start(options(data).withPort(port));
             Connection connection = factory(second).newConnection()) {
            System.out.printf("restart on the same directory: %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(second.port()).isEqualTo(port);
            Channel channel = connection.createChannel();
            assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(100);
            GetResponse first100 = channel.basicGet(queue, true);
            assertThat(new String(first100.getBody(), StandardCharsets.UTF_8)).isEqualTo("m0");
            assertThat(first100.getProps().getDeliveryMode()).isEqualTo(2);
        }
    }

    @Test
    void anExplicitPortThatIsTakenFailsWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedBroker.start(options(dir).withPort(port)))
                    .isInstanceOf(EmbeddedBrokerException.class)
                    .hasMessage("port " + port + " on 127.0.0.1 is already in use; choose another port, or 0 for any free port");
        }
        // the failed start released the directory
        try (EmbeddedBroker broker = EmbeddedBroker.start(options(dir))) {
            assertThat(broker.port()).isPositive();
        }
    }

    @Test
    void aDamagedStoreFailsTheStartWithQpidsReasonAndLeavesNothingRunning() throws Exception {
        EmbeddedBroker.start(options(dir)).close();
        try (Stream<Path> pages = Files.list(dir.resolve("store/default/seg0"))) {
            for (Path page : pages.toList()) {
                Files.write(page, new byte[] {1, 2, 3});
            }
        }
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Logger qpidLogger = (Logger) LoggerFactory.getLogger("org.apache.qpid");
        Level level = qpidLogger.getLevel();
        qpidLogger.setLevel(Level.OFF); // the stack traces this provokes
        try {
            assertThatThrownBy(() -> EmbeddedBroker.start(options(dir)))
                    .isInstanceOf(EmbeddedBrokerException.class)
                    .hasMessage("embedded broker failed to start in " + dir.toAbsolutePath()
                            + ": Unable to open configuration tables");
        } finally {
            qpidLogger.setLevel(level);
        }

        await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(newThreads(before))
                .isEmpty());
        try (EmbeddedBroker broker = EmbeddedBroker.start(options(dir.resolve("fresh")))) {
            assertThat(broker.port()).isPositive();
        }
    }

    @Test
    void twoBrokersOnDistinctDirectoriesRunAtOnceButNotTwoOnTheSameDirectory(@TempDir Path other) throws Exception {
        ServerSocket holding5672 = holdIfFree(EmbeddedBroker.DEFAULT_PORT); // so the automatic choice must fall back
        try (EmbeddedBroker one = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withDataDirectory(dir));
             EmbeddedBroker two = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withDataDirectory(other))) {
            assertThat(one.port()).isNotEqualTo(EmbeddedBroker.DEFAULT_PORT).isNotEqualTo(two.port());
            assertThat(two.port()).isNotEqualTo(EmbeddedBroker.DEFAULT_PORT);
            for (EmbeddedBroker broker : new EmbeddedBroker[] {one, two}) {
                try (Connection connection = factory(broker).newConnection()) {
                    assertThat(connection.isOpen()).isTrue();
                }
            }
            assertThatThrownBy(() -> EmbeddedBroker.start(options(dir)))
                    .isInstanceOf(EmbeddedBrokerException.class)
                    .hasMessage("broker data directory " + dir.toAbsolutePath()
                            + " is in use by another embedded broker in this JVM");
        } finally {
            if (holding5672 != null) {
                holding5672.close();
            }
        }
    }

    @Test
    void optionsAreValidatedAndHideThePassword() {
        var defaults = EmbeddedBroker.Options.defaults();
        assertThat(defaults.port()).isEqualTo(EmbeddedBroker.AUTO_PORT);
        assertThat(defaults.dataDirectory()).isEqualTo(Path.of(".ebats", "broker"));
        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.toString()).doesNotContain("guest/guest").contains("password=***");
        assertThatThrownBy(() -> defaults.withPort(65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be between 1 and 65535")
                .hasMessageEndingWith("but was 65536");
        assertThatThrownBy(() -> defaults.withHost(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host must not be blank");
    }

    static EmbeddedBroker.Options options(Path dir) {
        return EmbeddedBroker.Options.defaults().withDataDirectory(dir).withPort(EmbeddedBroker.ANY_FREE_PORT);
    }

    static ConnectionFactory factory(EmbeddedBroker broker) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(broker.uri());
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    /** Names of live non-daemon threads that were not in {@code before}. */
    private static List<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                .map(Thread::getName)
                .toList();
    }

    private static ServerSocket holdIfFree(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return socket;
        } catch (IOException alreadyTaken) {
            socket.close();
            return null;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
