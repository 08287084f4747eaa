package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.TopicStatus;
import io.ebats.store.HistoryStore;
import io.ebats.store.UniqueKeyHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 12: unique tasks under eight creators in three processes (3, 3 and 2 threads) that all create the tasks
 * of the same 200 keys, twice, on one history database (SQLite, PostgreSQL). Before the first round a fourth process
 * claims five of the keys and is killed with {@code kill -9} between its claims and their publishes. Exactly one task
 * per key reaches the queue; the killed creator's keys hold (creates return its id) until the pending timeout, and
 * are then taken over by one creator each: no key is blocked for good.
 */
class UniqueCreatorsIT extends FaultRun {

    static final String POSTGRES = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    static final String POSTGRES_PASSWORD = System.getenv().getOrDefault("EBATS_TEST_POSTGRES_PASSWORD", "");
    private static final int KEYS = 200;
    private static final List<Integer> STALLED = List.of(7, 50, 99, 150, 199);
    private static final int[] THREADS = {3, 3, 2};
    /** Well above the children's publish timeout (5 s), well below the scenario's budget. */
    private static final Duration PENDING = Duration.ofSeconds(10);
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path work;
    private String schema;
    private HistoryStore history;

    @Test
    void onSqliteEightCreatorsInThreeProcessesMakeOneTaskPerKeyAndAKilledCreatorsKeysAreTakenOver()
            throws Exception {
        run(work.resolve("history").toString(), "-", "SQLite");
    }

    @Test
    void onPostgresEightCreatorsInThreeProcessesMakeOneTaskPerKeyAndAKilledCreatorsKeysAreTakenOver()
            throws Exception {
        schema = "unique_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        run(POSTGRES, schema, "PostgreSQL");
    }

    /** After the children were killed: the store of the test, and the schema on PostgreSQL. */
    @Override
    void stopBroker() throws Exception {
        if (history != null) {
            history.close();
        }
        if (schema != null) {
            try (Connection db = DriverManager.getConnection(POSTGRES, "postgres", POSTGRES_PASSWORD);
                 Statement drop = db.createStatement()) {
                drop.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private void run(String database, String dbSchema, String label) throws Exception {
        // migrated once here: four processes migrating one new SQLite file at once would trip over each other
        history = HistoryStore.open(FaultUniqueCreatorMain.settings(database, dbSchema));
        Path control = Files.createDirectories(work.resolve("control"));
        ChildJvm stalled = start("stalled", database, dbSchema, control, "stall",
                STALLED.stream().map(String::valueOf).collect(Collectors.joining(",")));
        List<ChildJvm> creators = new ArrayList<>();
        for (int i = 0; i < THREADS.length; i++) {
            creators.add(start("creators-" + (i + 1), database, dbSchema, control, "race", THREADS[i], KEYS));
        }
        stalled.await("READY", Duration.ofSeconds(60));
        for (ChildJvm creator : creators) {
            creator.await("READY", Duration.ofSeconds(60));
        }

        Files.createFile(control.resolve("stall"));
        Map<Integer, String> deadIds = new HashMap<>();
        for (int i = 0; i < STALLED.size(); i++) {
            String[] claimed = stalled.await("CLAIMED ", Duration.ofSeconds(30)).split(" ");
            deadIds.put(Integer.parseInt(claimed[1]), claimed[2]);
        }
        stalled.kill();
        Map<Integer, Long> claimedAt = new HashMap<>();
        for (int n : STALLED) {
            UniqueKeyHolder held = history.uniqueKeyHolder("key-" + n);
            assertThat(held.taskId()).isEqualTo(deadIds.get(n));
            assertThat(held.state()).as("key-%d after the kill", n).isEqualTo("PENDING");
            claimedAt.put(n, held.claimedAt().toEpochMilli());
        }

        long roundOne = System.nanoTime();
        round(1, control, creators);
        long roundOneMillis = (System.nanoTime() - roundOne) / 1_000_000;
        long expiry = claimedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow() + PENDING.toMillis();
        Thread.sleep(Math.max(0, expiry + 200 - System.currentTimeMillis())); // the pending timeout itself
        round(2, control, creators);

        List<Created> created = creators.stream().flatMap(c -> c.printed("CREATED ").stream()).map(Created::of)
                .toList();
        Map<Integer, List<Created>> createdPerKey = created.stream().collect(Collectors.groupingBy(Created::n));
        assertThat(createdPerKey.keySet()).containsExactlyInAnyOrderElementsOf(keys());
        assertThat(createdPerKey.values()).as("tasks created per key").allSatisfy(c -> assertThat(c).hasSize(1));
        Map<Integer, String> idOf = created.stream().collect(Collectors.toMap(Created::n, Created::id));
        List<String[]> held = creators.stream().flatMap(c -> c.printed("HELD ").stream()).map(l -> l.split(" "))
                .toList();
        assertThat(held).as("creates that found the key held: each create of each creator but one per key")
                .hasSize(2 * 8 * KEYS - KEYS);
        long heldByTheDead = 0;
        long longestHold = 0;
        for (String[] h : held) {
            int n = Integer.parseInt(h[2]);
            if (h[3].equals(deadIds.get(n))) {
                heldByTheDead++;
            } else {
                assertThat(h[3]).as("holder of key-%d", n).isEqualTo(idOf.get(n));
            }
        }
        for (int n : STALLED) {
            Created taker = createdPerKey.get(n).getFirst();
            assertThat(taker.atMillis()).as("key-%d taken over after the pending timeout", n)
                    .isGreaterThanOrEqualTo(claimedAt.get(n) + PENDING.toMillis());
            longestHold = Math.max(longestHold, taker.atMillis() - claimedAt.get(n));
            assertThat(held).as("creates of key-%d that returned the killed creator's id", n)
                    .anyMatch(h -> Integer.parseInt(h[2]) == n && h[3].equals(deadIds.get(n)));
            UniqueKeyHolder now = history.uniqueKeyHolder("key-" + n);
            assertThat(now.taskId()).isEqualTo(taker.id());
            assertThat(now.state()).isEqualTo("QUEUED");
        }

        Map<Integer, List<String>> queued = consumeTheQueue();
        assertThat(queued.keySet()).containsExactlyInAnyOrderElementsOf(keys());
        assertThat(queued).as("tasks per key in the queue, and their ids")
                .allSatisfy((n, ids) -> assertThat(ids).containsExactly(idOf.get(n)));
        FaultReport.row("12. eight creators in three processes create the tasks of the same 200 unique keys, twice, "
                        + label + "; a fourth process killed (kill -9) between its claims of 5 keys and their publishes",
                KEYS, 0, queued.values().stream().mapToInt(ids -> ids.size() - 1).sum(),
                "one task per key; the first round (" + 8 * KEYS + " creates) took " + roundOneMillis + " ms; "
                        + heldByTheDead + " creates returned the killed creator's ids; its keys were taken over "
                        + "at most " + longestHold + " ms after their claims (pending timeout " + PENDING.toSeconds()
                        + " s)");
    }

    private ChildJvm start(String name, String database, String dbSchema, Path control, Object... mode) {
        List<Object> args = new ArrayList<>(List.of(brokerUri(), namespace, topic, database, dbSchema,
                PENDING.toMillis(), control));
        args.addAll(List.of(mode));
        ChildJvm child = ChildJvm.start(name, FaultUniqueCreatorMain.class, args.toArray());
        adopt(child);
        return child;
    }

    /** Starts round {@code r} in every creator and waits until each has done it. */
    private static void round(int r, Path control, List<ChildJvm> creators) throws Exception {
        Files.createFile(control.resolve("round-" + r));
        for (ChildJvm creator : creators) {
            creator.await("ROUND " + r, ROUND_LIMIT);
        }
    }

    /** Runs every task in the queue with a worker of this JVM: key to the ids of the tasks that ran. */
    private Map<Integer, List<String>> consumeTheQueue() {
        Map<Integer, List<String>> ran = new ConcurrentHashMap<>();
        ebats.worker().topic(topic).concurrency(8).handle(FaultWorkerMain.TASK, FaultWorkerMain.Numbered.class,
                (task, context) -> ran.computeIfAbsent(task.n(), n -> new CopyOnWriteArrayList<>())
                        .add(context.taskId())).start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            TopicStatus status = ebats.status(List.of(topic)).topics().getFirst();
            return ran.size() >= KEYS && status.ready() == 0 && status.inFlight() == 0;
        });
        return ran;
    }

    private static List<Integer> keys() {
        return IntStream.range(0, KEYS).boxed().toList();
    }

    /** A {@code CREATED round n id epochMillis} line of a creator. */
    private record Created(int n, String id, long atMillis) {

        static Created of(String line) {
            String[] f = line.split(" ");
            return new Created(Integer.parseInt(f[2]), f[3], Long.parseLong(f[4]));
        }
    }
}
