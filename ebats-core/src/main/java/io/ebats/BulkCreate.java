package io.ebats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@link Tasks#createAll}: every publish in flight together, then every confirm awaited. */
final class BulkCreate {

    private BulkCreate() {
    }

    static List<String> createAll(Tasks tasks, List<NewTask> all) {
        Objects.requireNonNull(all, "tasks");
        List<CompletableFuture<String>> confirms = new ArrayList<>(all.size());
        Map<Integer, Throwable> failures = new TreeMap<>();
        IllegalArgumentException invalid = null;
        for (int i = 0; i < all.size(); i++) {
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
        List<String> ids = new ArrayList<>(confirms.size());
        for (int i = 0; i < confirms.size(); i++) {
            try {
                ids.add(confirms.get(i).join()); // bounded: the publisher fails a confirm after its timeout
            } catch (CompletionException e) {
                failures.put(i, e.getCause() == null ? e : e.getCause());
            }
        }
        if (invalid != null) {
            throw new IllegalArgumentException(invalid.getMessage() + "; the " + confirms.size() + " tasks before it "
                    + "were sent" + (failures.isEmpty() ? " and confirmed" : ", " + failures.size()
                    + " of them not confirmed") + ", none after it", invalid);
        }
        if (!failures.isEmpty()) {
            throw new BulkPublishException(failures, all.size());
        }
        return List.copyOf(ids);
    }
}
