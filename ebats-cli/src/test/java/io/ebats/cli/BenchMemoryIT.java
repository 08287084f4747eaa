package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker with concurrency 64 runs the {@code direct} benchmark in a JVM limited to a 128 MiB heap: the bench
 * JVM holds the publishers and the worker, so the worker alone needs less. An {@link OutOfMemoryError} ends the
 * JVM with a non-zero code; a lost or failed task makes {@code bench} exit 1.
 */
class BenchMemoryIT {

    @TempDir
    Path dir;

    @Test
    void workerWithConcurrency64RunsDirectWithinA128MiBHeap() throws Exception {
        try (ChildProcess bench = ChildProcess.start(List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError"), dir,
                "bench", "--broker", TestBroker.URI, "--scenario", "direct", "--concurrency", "64",
                "-n", "20000", "--warmup", "2000")) {
            int code = bench.awaitExit(Duration.ofMinutes(3));

            assertThat(code).as(bench.toString()).isZero();
            assertThat(bench.linesWith("direct", "20000")).as(bench.toString()).isNotEmpty();
            assertThat(bench.linesWith("OutOfMemoryError")).isEmpty();
        }
    }
}
