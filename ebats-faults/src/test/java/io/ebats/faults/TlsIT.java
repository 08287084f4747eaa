package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ebats.BrokerSettings;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.EbatsException;
import io.ebats.Worker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to RabbitMQ with a certificate authority made in the test: a node of the test's own listens with amqps;
 * peer verification (certificate and host name) is on by default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIT {

    @TempDir
    static Path dir;
    private RabbitNode node;
    private int tlsPort;
    private Path ca;

    @BeforeAll
    void startTlsNode() throws Exception {
        ca = dir.resolve("ca.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=ebats test CA",
                "-keyout", dir.resolve("ca.key").toString(), "-out", ca.toString());
        Path serverKey = dir.resolve("server.key");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", serverKey.toString(),
                "-out", dir.resolve("server.csr").toString());
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost\n"); // the name, not the address
        openssl("x509", "-req", "-in", dir.resolve("server.csr").toString(), "-CA", ca.toString(), "-CAkey",
                dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-extfile",
                dir.resolve("san.ext").toString(), "-out", dir.resolve("server.pem").toString());
        try (ServerSocket socket = new ServerSocket(0)) {
            tlsPort = socket.getLocalPort();
        }
        node = RabbitNode.start("tls", dir, List.of(
                "listeners.ssl.default = 127.0.0.1:" + tlsPort,
                "ssl_options.cacertfile = " + ca,
                "ssl_options.certfile = " + dir.resolve("server.pem"),
                "ssl_options.keyfile = " + serverKey,
                "ssl_options.verify = verify_none",
                "ssl_options.fail_if_no_peer_cert = false"));
    }

    @AfterAll
    void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void tasksRunOverTlsWhenTheServerCertificateChainsToTheTrustedAuthority() {
        String topic = "tls";
        EbatsConfig config = config(BrokerSettings.builder().uri("amqps://guest:guest@localhost:" + tlsPort)
                .trustedCertificates(ca).build());
        assertThat(config.broker().verifyPeer()).as("verification is on by default").isTrue();
        try (Ebats ebats = Ebats.connect(config)) {
            AtomicInteger done = new AtomicInteger();
            try (Worker ignored = ebats.worker().topic(topic).handle("ping", (p, c) -> done.incrementAndGet()).start()) {
                ebats.tasks().create(topic, "ping", Map.of());
                await().atMost(Duration.ofSeconds(20)).untilAtomic(done, Matchers.is(1));
            } finally {
                ebats.deleteTopology(List.of(topic));
            }
        }
    }

    @Test
    void aServerCertificateOfAnUntrustedAuthorityIsRefused() {
        // the JVM's trust store does not know the test's authority
        EbatsConfig config = config(BrokerSettings.uri("amqps://guest:s3cr3t-pw@127.0.0.1:" + tlsPort));
        assertThatThrownBy(() -> Ebats.connect(config).close())
                .isInstanceOf(EbatsException.class)
                .hasMessageContaining("127.0.0.1:" + tlsPort)
                .hasMessageNotContaining("s3cr3t-pw");
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() {
        // trusted authority, but the broker is reached as 127.0.0.1, which its certificate (localhost) does not carry
        EbatsConfig config = config(BrokerSettings.builder().uri("amqps://guest:guest@127.0.0.1:" + tlsPort)
                .trustedCertificates(ca).connectionTimeout(Duration.ofSeconds(5)).build());
        assertThatThrownBy(() -> Ebats.connect(config).close())
                .isInstanceOf(EbatsException.class)
                .hasMessageContaining("subject alternative");
    }

    @Test
    void plainAmqpIsNotServedOnTheTlsPort() {
        EbatsConfig config = config(BrokerSettings.builder().uri("amqp://guest:guest@127.0.0.1:" + tlsPort)
                .connectionTimeout(Duration.ofSeconds(5)).build());
        assertThatThrownBy(() -> Ebats.connect(config).close()).isInstanceOf(EbatsException.class);
    }

    private static EbatsConfig config(BrokerSettings broker) {
        return EbatsConfig.builder().broker(broker).delayLevels(FaultRun.DELAY_LEVELS)
                .namespace("tls-" + UUID.randomUUID().toString().substring(0, 8))
                .build();
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("openssl is needed to make the test's certificates: " + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
