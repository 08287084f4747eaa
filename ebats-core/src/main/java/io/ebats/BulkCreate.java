package io.ebats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link Tasks#createAll}: the publishes in flight together, at most {@link #WINDOW} unconfirmed at once, then every
 * confirm awaited. The window keeps each confirm's wait to what the broker needs for a window's messages: with all of
 * a large batch in flight, the last ones would wait for the whole batch and fail the publish timeout on a slow broker.
 */
final class BulkCreate {

    /** Publishes unconfirmed at most: the embedded broker confirms about a thousand a second. */
    static final int WINDOW = 1_000;

    private BulkCreate() {
    }

    static List<String> createAll(Tasks tasks, List<NewTask> all) {
        Objects.requireNonNull(all, "tasks");
        List<CompletableFuture<String>> confirms = new ArrayList<>(all.size());
        Map<Integer, Throwable> failures = new TreeMap<>();
        IllegalArgumentException invalid = null;
        String[] ids = new String[all.size()];
        int settled = 0;
        for (int i = 0; i < all.size(); i++) {
            if (i - settled >= WINDOW) {
                settle(confirms, settled++, ids, failures);
            }
            NewTask task = Objects.requireNonNull(all.get(i), () -> "tasks[" + confirms.size() + "] is null");
            try {
                confirms.add(tasks.createAsync(task));
            } catch (IllegalArgumentException e) {
                invalid = new IllegalArgumentException("tasks[" + i + "]: " + e.getMessage(), e);
                break;
            } catch (PublishException e) { // no room in the publisher's window within the timeout: stop here
                for (int rest = i; rest < all.size(); rest++) {
                    failures.put(rest, e);
                }
                break;
            }
        }
        while (settled < confirms.size()) {
            settle(confirms, settled++, ids, failures);
        }
        if (invalid != null) {
            throw new IllegalArgumentException(invalid.getMessage() + "; the " + confirms.size() + " tasks before it "
                    + "were sent" + (failures.isEmpty() ? " and confirmed" : ", " + failures.size()
                    + " of them not confirmed") + ", none after it", invalid);
        }
        if (!failures.isEmpty()) {
            throw new BulkPublishException(failures, all.size());
        }
        return List.of(ids);
    }

    /** Waits for the confirm of task {@code i}: bounded, as the publisher fails a confirm after its timeout. */
    private static void settle(List<CompletableFuture<String>> confirms, int i, String[] ids,
                               Map<Integer, Throwable> failures) {
        try {
            ids[i] = confirms.get(i).join();
        } catch (CompletionException e) {
            failures.put(i, e.getCause() == null ? e : e.getCause());
        }
    }
}
