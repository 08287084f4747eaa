package io.ebats;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Some tasks of a {@link Tasks#createAll bulk create} were not confirmed by the broker: those at
 * {@link #notCreated()} must be treated as not created; every other task of the call was confirmed. Creating the
 * not created ones again (same tasks, same ids) is safe.
 */
public final class BulkPublishException extends PublishException {

    private static final int SHOWN = 5;

    private final transient SortedMap<Integer, Throwable> failures;

    /**
     * @param failures why each task not created was not: by its index in the call's list
     * @param total    how many tasks the call had
     */
    public BulkPublishException(Map<Integer, Throwable> failures, int total) {
        super(describe(new TreeMap<>(failures), total), failures.values().stream().findFirst().orElse(null));
        this.failures = Collections.unmodifiableSortedMap(new TreeMap<>(failures));
    }

    /** The indexes, in the call's list, of the tasks not created, in order. */
    public List<Integer> notCreated() {
        return List.copyOf(failures.keySet());
    }

    /** Why each task not created was not, by index. */
    public SortedMap<Integer, Throwable> failures() {
        return failures;
    }

    private static String describe(SortedMap<Integer, Throwable> failures, int total) {
        String shown = failures.entrySet().stream().limit(SHOWN)
                .map(e -> "tasks[" + e.getKey() + "]: " + e.getValue().getMessage())
                .collect(Collectors.joining("; "));
        return failures.size() + " of " + total + " tasks not created (" + shown
                + (failures.size() > SHOWN ? "; ..." : "") + "); the others were confirmed";
    }
}
