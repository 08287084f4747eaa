package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The Python (pika) example of docs/protocol.md, section 3.5, run as written against RabbitMQ: the file is read at
 * test time, its two code blocks are taken out, only the deployment's constants are changed to this test's
 * (namespace, delay ladder, levels, broker, topic, a shorter delay), and the documented {@code declare} helper is
 * called before the documented publishes. Then ebats, started before or after the helper, finds the topology it
 * declares itself: RabbitMQ refuses with 406 PRECONDITION_FAILED whichever declares an exchange or queue second on
 * any difference of type or arguments, ebats must not fall back to a queue's earlier form, and the second declare
 * adds no binding (compared with {@code rabbitmqctl list_bindings}, where the default exchange's bindings stand
 * for the queues). The event, the task due at once and the delayed task with its own retry policy all run.
 */
class ProtocolExampleIT extends BrokerTestSupport {

    /** Debian's Python, which has Debian's pika; the one on the PATH may be another. */
    private static final String PYTHON = "/usr/bin/python3";
    /** The module is the working directory of the tests. */
    private static final Path PROTOCOL = Path.of("..", "docs", "protocol.md");
    private static final String SECTION = "### 3.5 Python (pika) example";
    /** The documented 10 s delay, shortened so that the test is quick. */
    private static final long DELAY_MS = 1_500;
    /** How much earlier than due a delayed task may start: clocks and TTL expiry are not exact to the ms. */
    private static final long EARLY_MS = 50;

    @TempDir
    Path dir;

    @Test
    void theDocumentedDeclareAcceptsWhatEbatsDeclaredAndTheDocumentedPublishesRun() throws Exception {
        String topic = topic("doc");
        startEbats(topic);
        Set<String> byEbats = bindings();

        Published published = runExample(topic);

        assertSameBindings("the documented declare after ebats", byEbats, bindings());
        assertAllRan(topic, published);
    }

    @Test
    void ebatsAcceptsWhatTheDocumentedDeclareDeclaredAsItsOwnAndRunsWhatWasPublished() throws Exception {
        String topic = topic("doc");
        Published published = runExample(topic);
        Set<String> byTheDoc = bindings();

        // ebats takes a queue of other arguments in its earlier form (RabbitMQ's 406 caught) and only says so in
        // the log; what the helper declared must be the current form, so that advice must not come
        ListAppender<ILoggingEvent> advice = new ListAppender<>();
        Logger adviceLog = (Logger) LoggerFactory.getLogger("io.ebats.internal.broker.UpgradeAdvice");
        advice.start();
        adviceLog.addAppender(advice);
        try {
            startEbats(topic);
            assertSameBindings("ebats after the documented declare", byTheDoc, bindings());
            assertAllRan(topic, published);
        } finally {
            adviceLog.detachAppender(advice);
        }
        assertThat(advice.list).as("advice on queues declared in an earlier form")
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    /** The worker (which declares the topic and the delay ladder) and the scheduler (which declares the events). */
    private void startEbats(String topic) {
        ebats.startScheduler(new EventManager().register("order_paid", "ship", topic));
        ebats.worker().topic(topic)
                .retryPolicy(RetryPolicy.NONE) // a task without its own policy gets a single attempt
                .handle("ship", (p, ctx) -> { })
                .handle("sendMail", (p, ctx) -> {
                    if ("b@example.com".equals(p.get("to")) && ctx.attempt() == 1) {
                        throw new IllegalStateException("the delayed task's first attempt fails, so that its "
                                + "retry policy shows");
                    }
                })
                .listener(attempts::add)
                .start();
    }

    private void assertAllRan(String topic, Published published) {
        await().atMost(WAIT).until(() -> attempts.size() == 4);
        List<Attempt> all = List.copyOf(attempts);
        assertThat(all).allSatisfy(a -> assertThat(a.topic()).isEqualTo(topic));

        assertThat(all).as("the event became its task").filteredOn(a -> a.taskName().equals("ship"))
                .singleElement().satisfies(a -> {
                    assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED);
                    assertThat(a.event()).contains(published.eventId());
                    assertThat(a.params()).as("the event's body, as json.dumps wrote it")
                            .isEqualTo("{\"order_id\": \"A1\"}");
                });

        assertThat(all).as("the task due at once").filteredOn(a -> a.params().contains("a@example.com"))
                .singleElement().satisfies(a -> {
                    assertThat(a.taskName()).isEqualTo("sendMail");
                    assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED);
                    assertThat(a.attempt()).isEqualTo(1);
                });

        List<Attempt> delayed = all.stream().filter(a -> a.params().contains("b@example.com"))
                .sorted(Comparator.comparingInt(Attempt::attempt)).toList();
        assertThat(delayed).as("the delayed task: a failed attempt, then one that succeeds").hasSize(2);
        Attempt first = delayed.get(0);
        Attempt second = delayed.get(1);
        assertThat(first.taskName()).isEqualTo("sendMail");
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.startedAt()).as("the delayed task starts %d ms after its publish, not earlier", DELAY_MS)
                .isAfterOrEqualTo(published.delayedAt().plusMillis(DELAY_MS - EARLY_MS));
        // its headers say 3 attempts and 2 s of initial backoff, with ebats's default jitter of half of it; without
        // them the worker's policy would have made the failure final
        assertThat(first.outcome()).isEqualTo(Outcome.RETRYING);
        assertThat(first.nextDelay()).isBetween(Duration.ofMillis(1_000), Duration.ofMillis(2_000));
        assertThat(second.taskId()).isEqualTo(first.taskId());
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    /**
     * The bindings whose source or destination is this test's (the test's delay ladder is named after its
     * namespace too), as {@code rabbitmqctl} lists them. The default exchange's implicit binding to every queue
     * makes the set of queues part of it; RabbitMQ itself refuses a second declare of an exchange or queue that
     * differs, but adds a binding that differs.
     */
    private Set<String> bindings() throws Exception {
        assertThat(config().delayLadder()).as("the test's delay ladder lies in its namespace").startsWith(namespace);
        Process process = new ProcessBuilder("rabbitmqctl", "-q", "list_bindings", "source_name", "source_kind",
                "destination_name", "destination_kind", "routing_key", "arguments").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("rabbitmqctl list_bindings").isTrue();
        assertThat(process.exitValue()).as("rabbitmqctl list_bindings: " + output).isZero();
        Set<String> ours = output.lines().filter(line -> line.contains(namespace + "."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ours).as("bindings of the namespace").isNotEmpty();
        return ours;
    }

    /** The second declare added no binding (nor queue: the default exchange binds each); none disappeared. */
    private static void assertSameBindings(String second, Set<String> before, Set<String> after) {
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> gone = new TreeSet<>(before);
        gone.removeAll(after);
        assertThat(added).as("bindings (source, destination, key; the default exchange's name a queue) that %s "
                + "added to what the first had declared", second).isEmpty();
        assertThat(gone).as("bindings gone after %s", second).isEmpty();
    }

    // --- the documented code ---

    /** What the example printed: the event's id, and when it was about to publish the delayed task. */
    private record Published(String eventId, Instant delayedAt) {
    }

    /** Runs section 3.5's code, the helper's {@code declare} first, for {@code topic} instead of "demo". */
    private Published runExample(String topic) throws Exception {
        List<String> blocks = pythonBlocks();
        String publish = blocks.get(0);
        String declare = blocks.get(1);

        EbatsConfig config = config();
        publish = replaceAssignment(publish, "NS = \"ebats\"", "NS = " + py(config.namespace()));
        publish = replaceAssignment(publish, "LADDER = \"ebats.ladder\"", "LADDER = " + py(config.delayLadder()));
        publish = replaceAssignment(publish, "LEVELS = 35", "LEVELS = " + config.delayLevels());
        publish = replaceAssignment(publish, "delay_ms = 10_000", "delay_ms = " + DELAY_MS
                + "\nprint(\"delayed\", int(time.time() * 1000), flush=True)");
        publish = replaceLiteral(publish, "\"amqp://guest:guest@127.0.0.1:5672/%2F\"", py(pikaUri(brokerUri())));
        publish = replaceLiteral(publish, "\"demo\"", py(topic));

        String connect = "conn = pika.BlockingConnection";
        int opened = publish.indexOf(connect);
        assertThat(opened).as("block 1 of section 3.5 opens the connection with '%s'", connect).isNotNegative();
        String confirm = "ch.confirm_delivery()\n";
        String head = publish.substring(0, opened);
        String tail = publish.substring(opened);
        assertThat(tail).as("block 1 of section 3.5 turns on publisher confirms with '%s'", confirm.strip())
                .contains(confirm);
        tail = tail.replace(confirm, confirm + "declare(ch, [" + py(topic) + "])\n");

        String script = head + "\n" + declare + "\n\n" + tail + "\nprint(\"event\", event_id, flush=True)\n";
        Path file = dir.resolve("protocol_example.py");
        Files.writeString(file, script);
        List<String> printed = python(file);

        String eventId = null;
        Instant delayedAt = null;
        for (String line : printed) {
            if (line.startsWith("event ")) {
                eventId = line.substring("event ".length());
            } else if (line.startsWith("delayed ")) {
                delayedAt = Instant.ofEpochMilli(Long.parseLong(line.substring("delayed ".length())));
            }
        }
        assertThat(eventId).as("the event id the script printed:\n" + String.join("\n", printed)).isNotNull();
        assertThat(delayedAt).as("the time the script printed:\n" + String.join("\n", printed)).isNotNull();
        return new Published(eventId, delayedAt);
    }

    /** The ```python blocks between section 3.5's heading and the next ### heading; exactly two. */
    private static List<String> pythonBlocks() throws IOException {
        assertThat(PROTOCOL).as("docs/protocol.md, from the module directory " + Path.of("").toAbsolutePath())
                .isRegularFile();
        List<String> lines = Files.readAllLines(PROTOCOL, StandardCharsets.UTF_8);
        int start = lines.indexOf(SECTION);
        assertThat(start).as("the heading '%s' in %s", SECTION, PROTOCOL).isNotNegative();
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (block == null && line.startsWith("### ")) {
                break;
            }
            if (block == null) {
                if (line.strip().equals("```python")) {
                    block = new StringBuilder();
                }
            } else if (line.strip().equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else {
                block.append(line).append('\n');
            }
        }
        assertThat(block).as("a ```python block of section 3.5 that is not closed").isNull();
        assertThat(blocks).as("```python blocks in section 3.5 of %s: the publishes, then the declare helper",
                PROTOCOL).hasSize(2);
        return blocks;
    }

    /** Replaces the line that assigns {@code assignment} (a trailing comment stays); the line must be there once. */
    private static String replaceAssignment(String code, String assignment, String replacement) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(assignment) + "(?=[ \\t]*(#.*)?$)").matcher(code);
        int found = 0;
        while (line.find()) {
            found++;
        }
        assertThat(found).as("lines '%s' in section 3.5's first block, which the test replaces", assignment)
                .isEqualTo(1);
        return line.replaceFirst(Matcher.quoteReplacement(replacement));
    }

    /** Replaces every occurrence of {@code literal}; there must be at least one. */
    private static String replaceLiteral(String code, String literal, String replacement) {
        assertThat(code).as("the literal %s in section 3.5's first block, which the test replaces", literal)
                .contains(literal);
        return code.replace(literal, replacement);
    }

    /** A Python string literal. */
    private static String py(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** pika wants the virtual host in the path: {@code /%2F} for the default one. */
    private static String pikaUri(String amqpUri) {
        URI uri = URI.create(amqpUri);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")
                ? "/" + URLEncoder.encode("/", StandardCharsets.UTF_8) : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getRawAuthority() + path;
    }

    /** Runs the script within a minute; its stdout lines, or a failure with its stderr. */
    private List<String> python(Path script) throws Exception {
        assertThat(Path.of(PYTHON)).as("Debian's python3 (apt-get install python3-pika)").isExecutable();
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = killAfterwards(new ProcessBuilder(PYTHON, script.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("section 3.5's code did not end within 60 s; its stderr:\n" + Files.readString(err));
        }
        if (process.exitValue() != 0) {
            fail("section 3.5's code ended with exit code " + process.exitValue() + "; its stderr:\n"
                    + Files.readString(err) + "\nthe script, " + script + ":\n" + Files.readString(script));
        }
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }
}
