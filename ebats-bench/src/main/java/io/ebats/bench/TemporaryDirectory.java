package io.ebats.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories of a run (broker data, history database), deleted with everything in them. */
final class TemporaryDirectory {

    private TemporaryDirectory() {
    }

    /** A new empty directory under the system's temporary directory. */
    static Path create(String prefix, String purpose) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for " + purpose, e);
        }
    }

    /** Deletes the tree; what cannot be deleted is left for the system to clean. */
    static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: left for the system to clean
        }
    }
}
