package io.ebats.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the workers' completion logs say of a run of tasks numbered 0 to n-1: how many distinct tasks completed,
 * which are missing, how many ran more than once.
 *
 * @param tasks      tasks in the run
 * @param completed  completions logged, duplicates included
 * @param distinct   distinct tasks completed
 * @param firstMissing the lowest task number not completed, or -1
 * @param duplicatesWithOtherIds completions of a number already completed under another task id: a duplicate
 *                               that cannot be recognised by its id
 */
record Completions(int tasks, long completed, int distinct, int firstMissing, int duplicatesWithOtherIds) {

    static Completions read(Path directory, int tasks) {
        BitSet seen = new BitSet(tasks);
        long completed = 0;
        int differentIds = 0;
        Map<Integer, String> taskIds = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (String line : lines) {
                    if (line.isBlank()) {
                        continue; // a line cut by kill -9 cannot happen (one write per line), but be safe
                    }
                    String[] fields = line.trim().split(" ");
                    int n = Integer.parseInt(fields[0]);
                    String taskId = fields.length > 1 ? fields[1] : null;
                    String before = taskIds.putIfAbsent(n, taskId);
                    if (before != null && !before.equals(taskId)) {
                        differentIds++;
                    }
                    seen.set(n);
                    completed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int missing = seen.nextClearBit(0);
        return new Completions(tasks, completed, seen.cardinality(), missing < tasks ? missing : -1, differentIds);
    }

    int lost() {
        return tasks - distinct;
    }

    long duplicates() {
        return completed - distinct;
    }

    boolean allDone() {
        return distinct == tasks;
    }
}
