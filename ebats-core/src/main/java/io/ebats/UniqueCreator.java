package io.ebats;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Claims the key, publishes, marks the key queued; a publish that fails frees the key. */
final class UniqueCreator implements UniqueTasks {

    private static final Logger log = LoggerFactory.getLogger(UniqueCreator.class);

    private final Tasks tasks;
    private final UniqueKeys keys;
    private final Duration pendingTimeout;

    UniqueCreator(Tasks tasks, UniqueKeys keys, Duration publishTimeout, Duration pendingTimeout) {
        this.tasks = tasks;
        this.keys = Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(pendingTimeout, "pendingTimeout");
        if (pendingTimeout.compareTo(publishTimeout) <= 0) {
            // a key taken over while its creator still waits for the confirm would give its task a second one
            throw new IllegalArgumentException("the pending timeout of unique keys must be longer than the publish "
                    + "timeout " + publishTimeout + ", was " + pendingTimeout);
        }
        this.pendingTimeout = pendingTimeout;
    }

    @Override
    public Creation create(NewTask task, UniqueKey key) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(key, "key");
        String resolved = key.resolve(task);
        String holder = keys.claim(resolved, task.id(), key.window(), pendingTimeout);
        if (!holder.equals(task.id())) {
            return new Creation(holder, false);
        }
        try {
            tasks.create(task);
        } catch (RuntimeException e) {
            try {
                keys.abandon(resolved, task.id());
            } catch (RuntimeException abandon) {
                e.addSuppressed(abandon); // the pending key is taken over after the pending timeout
            }
            throw e;
        }
        try {
            keys.queued(resolved, task.id());
        } catch (RuntimeException e) {
            // the task is created: failing now would make the caller create it again. The key stays pending, and
            // is taken over after the pending timeout (or released when the task ends)
            log.warn("unique key {} of task {} could not be marked queued; it holds for {} only: {}", resolved,
                    task.id(), pendingTimeout, e.getMessage());
        }
        return new Creation(task.id(), true);
    }
}
