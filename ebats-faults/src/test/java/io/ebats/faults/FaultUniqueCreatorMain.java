package io.ebats.faults;

import io.ebats.Ebats;
import io.ebats.NewTask;
import io.ebats.UniqueKey;
import io.ebats.UniqueKeys;
import io.ebats.UniqueTasks;
import io.ebats.store.HistorySettings;
import io.ebats.store.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creators of unique tasks in a JVM of their own, for {@link UniqueCreatorsIT}: task {@value FaultWorkerMain#TASK}
 * with param {@code n} and unique key {@code key-n}, the keys held in a history store. It halts when its stdin
 * closes, so it never outlives the test JVM.
 *
 * <p>Arguments: broker URI, namespace, topic, the history database (a directory for SQLite, or a PostgreSQL URL),
 * its schema ({@code -} for none), the pending timeout in ms, a control directory, a mode and its arguments:
 * <ul>
 *   <li>{@code race THREADS KEYS}: once file {@code round-R} appears in the control directory (R = 1, 2, …), each
 *   of the threads creates the tasks of keys 0..KEYS-1, in an order of its own, and prints {@code CREATED R n id
 *   epochMillis} per task created, {@code HELD R n holder} per key held already, then {@code ROUND R};</li>
 *   <li>{@code stall N,N,…}: once file {@code stall} appears, one thread per key creates its task, and blocks for good right after the key's claim,
 *   before the publish, printing {@code CLAIMED n taskId}: a creator to be killed between claim and publish.</li>
 * </ul>
 * Both print {@code READY} once connected.
 */
public final class FaultUniqueCreatorMain {

    /** How long each child waits for the broker's confirm: shorter than the pending timeout of the test. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    private FaultUniqueCreatorMain() {
    }

    public static void main(String[] args) {
        ChildJvm.haltWhenParentGoes();
        try {
            run(args);
        } catch (Exception | AssertionError e) {
            System.out.println("FAILED " + e);
            e.printStackTrace(System.out);
            Runtime.getRuntime().halt(1); // the connections' threads would keep the JVM up
        }
    }

    private static void run(String[] args) throws Exception {
        String topic = args[2];
        Ebats ebats = Ebats.connect(FaultRun.config(args[0], args[1]).toBuilder().publishTimeout(PUBLISH_TIMEOUT)
                .build());
        HistoryStore history = HistoryStore.open(settings(args[3], args[4]));
        Duration pendingTimeout = Duration.ofMillis(Long.parseLong(args[5]));
        Path control = Path.of(args[6]);
        switch (args[7]) {
            case "race" -> {
                UniqueTasks unique = ebats.uniqueTasks(history, pendingTimeout);
                System.out.println("READY");
                race(unique, topic, Integer.parseInt(args[8]), Integer.parseInt(args[9]), control);
            }
            case "stall" -> {
                UniqueTasks unique = ebats.uniqueTasks(new StallAfterClaim(history), pendingTimeout);
                System.out.println("READY");
                awaitFile(control.resolve("stall"));
                for (String n : args[8].split(",")) {
                    Thread.ofPlatform().start(() -> unique.create(task(topic, Integer.parseInt(n)), key(n)));
                }
                Thread.sleep(Long.MAX_VALUE);
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[7]);
        }
    }

    static HistorySettings settings(String database, String schema) {
        if (!database.startsWith("jdbc:")) {
            return HistorySettings.sqlite(Path.of(database)).build();
        }
        return HistorySettings.jdbc(database, "postgres", UniqueCreatorsIT.POSTGRES_PASSWORD).schema(schema).build();
    }

    static NewTask task(String topic, int n) {
        return NewTask.of(topic, FaultWorkerMain.TASK, Map.of("n", n));
    }

    static UniqueKey key(Object n) {
        return UniqueKey.of("key-" + n);
    }

    /** Runs the rounds as their files appear; never returns. */
    private static void race(UniqueTasks unique, String topic, int threads, int keys, Path control)
            throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int round = 1; ; round++) {
                awaitFile(control.resolve("round-" + round));
                int r = round;
                AtomicInteger created = new AtomicInteger();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    List<Integer> order = new ArrayList<>();
                    for (int n = 0; n < keys; n++) {
                        order.add(n);
                    }
                    Collections.shuffle(order, new Random(ProcessHandle.current().pid() * 1009 + t * 31 + r));
                    done.add(pool.submit(() -> {
                        for (int n : order) {
                            UniqueTasks.Creation c = unique.create(task(topic, n), key(n));
                            if (c.created()) {
                                created.incrementAndGet();
                                System.out.println("CREATED " + r + " " + n + " " + c.id() + " "
                                        + System.currentTimeMillis());
                            } else {
                                System.out.println("HELD " + r + " " + n + " " + c.id());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(); // a failed create ends the child, which its test sees
                }
                System.out.println("ROUND " + r + " created=" + created.get());
            }
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        while (!Files.exists(file)) {
            Thread.sleep(5);
        }
    }

    /** The store's keys, but a create blocks for good once its key is claimed, before its task is published. */
    private record StallAfterClaim(UniqueKeys keys) implements UniqueKeys {

        @Override
        public String claim(String key, String taskId, Duration window, Duration pendingTimeout) {
            String holder = keys.claim(key, taskId, window, pendingTimeout);
            System.out.println("CLAIMED " + key.substring("key-".length()) + " " + holder);
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("interrupted after the claim of " + key);
        }

        @Override
        public void queued(String key, String taskId) {
            keys.queued(key, taskId);
        }

        @Override
        public void abandon(String key, String taskId) {
            keys.abandon(key, taskId);
        }
    }
}
