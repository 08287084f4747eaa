package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Ebats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedules of a config file, fired by three {@code ebats scheduler} processes against the RabbitMQ on
 * 127.0.0.1: each nominal time once; after a kill -9 of the firing one, the next fire within 5 s of its time; after
 * every process stopped, each missed time once ({@code misfire: all}).
 */
class SchedulesCommandIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final TestBroker broker = new TestBroker();
    private final String topic = "sched-" + UUID.randomUUID().toString().substring(0, 6);
    private final List<ChildProcess> schedulers = new ArrayList<>();
    /** Nominal time to the instants the task ran at. */
    private final Map<Instant, Queue<Instant>> runs = new ConcurrentHashMap<>();
    private Ebats ebats;

    @BeforeEach
    void setUp() throws Exception {
        broker.writeConfig(dir, "schedules:", "  heartbeat:", "    every: 1s",
                "    task: { topic: " + topic + ", name: beat }", "    misfire: all");
        ebats = Ebats.connect(broker.config());
        ebats.worker().topic(topic).handle("beat", (p, ctx) -> runs
                .computeIfAbsent(ctx.nominalTime().orElseThrow(), t -> new ConcurrentLinkedQueue<>())
                .add(Instant.now())).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (ChildProcess scheduler : schedulers) {
                scheduler.close();
            }
            ebats.close();
        } finally {
            broker.deleteNamespace(List.of(topic));
        }
    }

    private ChildProcess scheduler() throws Exception {
        ChildProcess child = ChildProcess.start(dir, "scheduler", "--broker", TestBroker.URI);
        schedulers.add(child);
        child.awaitLine(WAIT, "schedule heartbeat: every 1s -> task " + topic + "/beat, misfire all");
        return child;
    }

    @Test
    void listPauseTriggerAndResumeFromTheCommandLineReachTheFiringProcess() throws Exception {
        CliRunner cli = new CliRunner(Map.of("EBATS_BROKER_URI", TestBroker.URI), dir);
        CliRunner.Result none = cli.run("schedule", "list");
        assertThat(none.code()).as(none.toString()).isEqualTo(2);
        assertThat(none.err()).contains("no process fires the schedules of this namespace now");

        scheduler();
        await().atMost(WAIT).until(() -> !runs.isEmpty());
        CliRunner.Result listed = cli.run("schedule", "list");
        assertThat(listed.code()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains("heartbeat", "every 1s", "task " + topic + "/beat", "all", "schedule:heartbeat:");

        assertThat(cli.run("schedule", "pause", "heartbeat").lastLine()).isEqualTo("paused heartbeat");
        await().atMost(WAIT).until(() -> cli.run("schedule", "list", "--json").out().contains("\"paused\" : true"));
        Instant paused = Instant.now();
        CliRunner.Result triggered = cli.run("schedule", "trigger", "heartbeat");
        assertThat(triggered.code()).as(triggered.toString()).isZero();
        String manual = triggered.lastLine();
        assertThat(manual).startsWith("schedule:heartbeat:manual:");
        await().atMost(WAIT).until(() -> runs.keySet().stream().anyMatch(t -> t.isAfter(paused)));
        Thread.sleep(2_000);
        assertThat(runs.keySet().stream().filter(t -> t.isAfter(paused))).as("only the triggered fire").hasSize(1);

        assertThat(cli.run("schedule", "resume", "heartbeat").lastLine()).isEqualTo("resumed heartbeat");
        Instant resumed = Instant.now();
        await().atMost(WAIT).until(() -> runs.keySet().stream().filter(t -> t.isAfter(resumed)).count() >= 2);

        CliRunner.Result unknown = cli.run("schedule", "pause", "hartbeat");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no schedule hartbeat (schedules: [heartbeat])");
    }

    @Test
    void threeProcessesFireEachTimeOnceSurviveAKillAndCatchUpAfterAllStopped() throws Exception {
        List<ChildProcess> three = List.of(scheduler(), scheduler(), scheduler());
        await().atMost(WAIT).until(() -> runs.size() >= 4);
        ChildProcess firing = await().atMost(WAIT).until(() -> three.stream()
                .filter(c -> !c.linesWith("this process fires 1 schedules").isEmpty()).findFirst().orElse(null),
                c -> c != null);

        firing.kill();
        Instant killed = Instant.now();
        await().atMost(WAIT).until(() -> runs.keySet().stream().filter(t -> t.isAfter(killed.plusSeconds(1))).count() >= 2);
        Instant firstAfterKill = runs.keySet().stream().filter(t -> t.isAfter(killed)).sorted().findFirst().orElseThrow();
        assertThat(Duration.between(firstAfterKill, runs.get(firstAfterKill).peek()))
                .as("the next fire after the kill, late by").isLessThan(Duration.ofSeconds(5));

        for (ChildProcess scheduler : three) {
            if (scheduler.isAlive()) {
                assertThat(scheduler.terminate()).isZero();
            }
        }
        Instant down = Instant.now();
        Thread.sleep(8_000); // all stopped: 8 nominal times pass, most of them more than 5 s before the restart
        scheduler();
        Instant up = Instant.now();
        await().atMost(WAIT).until(() -> runs.keySet().stream().anyMatch(t -> t.isAfter(up.plusSeconds(1))));

        List<Instant> missed = runs.keySet().stream().filter(t -> t.isAfter(down.plusSeconds(1)) && t.isBefore(up))
                .sorted().toList();
        assertThat(missed).as("the missed seconds, each fired").hasSizeGreaterThanOrEqualTo(7);
        for (int i = 1; i < missed.size(); i++) {
            assertThat(Duration.between(missed.get(i - 1), missed.get(i))).isEqualTo(Duration.ofSeconds(1));
        }
        // A kill between a fire's confirm and the save of the state (a few ms) makes the next process fire that time
        // again, with the same task id, which a worker with skipSucceeded runs once; this worker has none.
        List<Instant> twice = runs.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                .toList();
        assertThat(twice).as("nominal times run twice").hasSizeLessThanOrEqualTo(1)
                .allSatisfy(t -> assertThat(Duration.between(t, killed).abs()).isLessThan(Duration.ofSeconds(2)));
        assertThat(runs.values()).allSatisfy(ran -> assertThat(ran).hasSizeLessThanOrEqualTo(2));
    }
}
