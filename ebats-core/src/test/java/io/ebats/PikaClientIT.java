package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.embedded.EmbeddedBroker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Another AMQP client than amqp-client, as a producer in another language would use it: Python's pika
 * (Debian's {@code python3-pika}, which {@code .ci/run} installs) publishes an event and a task with publisher
 * confirms to the embedded broker, whose capabilities it checks first, and ebats runs them.
 */
class PikaClientIT extends BrokerTestSupport {

    /** Debian's Python, which has Debian's pika; the one on the PATH may be another. */
    private static final String PYTHON = "/usr/bin/python3";

    private static EmbeddedBroker broker;
    private static Path data;

    @BeforeAll
    static void startBroker() throws IOException {
        data = Files.createTempDirectory("ebats-pika-test");
        broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                .withDataDirectory(data).withPort(EmbeddedBroker.ANY_FREE_PORT));
    }

    @AfterAll
    static void stopBroker() throws IOException {
        broker.close();
        try (var files = Files.walk(data)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Override
    String brokerUri() {
        return broker.uri();
    }

    @Test
    void pikaPublishesAnEventAndATaskWithConfirmsToTheEmbeddedBrokerAndBothRun() throws Exception {
        String topic = topic("pika");
        ebats.startScheduler(new EventManager().register("order_paied", "ship", topic));
        ebats.worker().topic(topic).handle("ship", (p, ctx) -> { }).handle("sendMail", (p, ctx) -> { })
                .listener(attempts::add).start();

        List<String> printed = python(publishScript(), pikaUri(broker.uri()), namespace, "order_paied", topic,
                "sendMail");

        assertThat(printed).hasSize(2);
        String eventId = printed.get(0).substring("event ".length());
        String taskId = printed.get(1).substring("task ".length());
        await().atMost(WAIT).until(() -> attempts.size() == 2);
        assertThat(attempts).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED));
        assertThat(attempts).anySatisfy(a -> {
            assertThat(a.taskName()).isEqualTo("ship");
            assertThat(a.event()).contains(eventId);
            assertThat(a.params()).contains("P1");
        });
        assertThat(attempts).anySatisfy(a -> {
            assertThat(a.taskName()).isEqualTo("sendMail");
            assertThat(a.taskId()).isEqualTo(taskId);
        });
    }

    /** pika wants the virtual host in the path: {@code /%2F} for the default one. */
    private static String pikaUri(String amqpUri) {
        URI uri = URI.create(amqpUri);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" + URLEncoder.encode("/",
                StandardCharsets.UTF_8) : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getRawAuthority() + path;
    }

    private static Path publishScript() throws IOException {
        Path script = data.resolve("publish.py");
        try (InputStream in = PikaClientIT.class.getResourceAsStream("/pika/publish.py")) {
            assertThat(in).as("the test script pika/publish.py").isNotNull();
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    private static List<String> python(Path script, String... args) throws Exception {
        assertThat(Path.of(PYTHON)).as("Debian's python3 (apt-get install python3-pika)").isExecutable();
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("pika publishes within a minute").isTrue();
        assertThat(process.exitValue()).as("pika's output:\n" + output).isZero();
        return output.lines().filter(line -> line.startsWith("event ") || line.startsWith("task ")).toList();
    }
}
