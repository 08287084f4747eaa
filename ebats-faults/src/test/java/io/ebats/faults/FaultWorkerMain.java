package io.ebats.faults;

import io.ebats.Ebats;
import io.ebats.Worker;
import io.ebats.store.HistorySettings;
import io.ebats.store.HistoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import sun.misc.Signal;

/**
 * A worker in a JVM of its own for the fault scenarios. Task {@value #TASK} appends its parameter {@code n} to
 * the completion log after an optional sleep; SIGTERM closes the worker gracefully (in-flight tasks finish).
 * It halts when its stdin closes, so it never outlives the test JVM.
 *
 * <p>Arguments: broker URI, namespace, topic, concurrency, completion log, sleep per task in ms and, to skip
 * tasks that already succeeded, a directory for the history store, or a PostgreSQL URL, a schema and the worker's
 * name. Each completion is logged as
 * {@code n taskId}.
 */
public final class FaultWorkerMain {

    static final String TASK = "fault.record";

    /** The parameters of a task of the run: its number. */
    public record Numbered(int n) {
    }

    private FaultWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildJvm.haltWhenParentGoes();
        Ebats ebats = Ebats.connect(FaultRun.config(args[0], args[1]));
        long sleepMillis = Long.parseLong(args[5]);
        Writer log = Files.newBufferedWriter(Path.of(args[4]), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Worker.Builder builder = ebats.worker().topic(args[2]).concurrency(Integer.parseInt(args[3]))
                .shutdownGrace(Duration.ofSeconds(20))
                .handle(TASK, Numbered.class, (task, context) -> {
                    if (sleepMillis > 0) {
                        Thread.sleep(sleepMillis);
                    }
                    record(log, task.n() + " " + context.taskId());
                });
        HistoryStore history = null;
        if (args.length > 6) { // de-duplication backed by a history store: a directory, or PostgreSQL and a schema
            history = HistoryStore.open(args[6].startsWith("jdbc:")
                    ? HistorySettings.jdbc(args[6] + "?currentSchema=" + args[7], "postgres", "").schema(args[7])
                            .worker(args[8]).build()
                    : HistorySettings.sqlite(Path.of(args[6])).build());
            builder.listener(history).skipSucceeded(history);
        }
        Worker worker = builder.start();
        HistoryStore store = history;
        // SIGTERM: a graceful close, then exit 0 (a shutdown hook alone would exit 143)
        Signal.handle(new Signal("TERM"), signal -> Thread.ofPlatform().name("fault-worker-shutdown").start(() -> {
            worker.close();
            ebats.close();
            if (store != null) {
                store.close();
            }
            System.out.println("CLOSED");
            System.out.flush();
            System.exit(0);
        }));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** One line per completed task, written through to the OS at once: a kill -9 cannot lose it. */
    private static void record(Writer log, String line) {
        synchronized (log) {
            try {
                log.write(line + "\n");
                log.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
