package io.ebats.internal.scheduling;

import io.ebats.EventManager;
import io.ebats.Registration;
import io.ebats.UniqueKeys;
import io.ebats.internal.PendingKeys;
import io.ebats.internal.message.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unique keys of an event's tasks in the scheduler's {@link UniqueKeys}: claimed with the tasks' ids before any
 * of them is published, marked queued once a task is confirmed, freed when its publish fails. Claims run on the
 * dispatching thread (inside the event's interceptor scope, before its publishes); the writes after a confirm run
 * on a thread of their own, never on the connection's thread that completes the confirms.
 *
 * <p>Thread-safe.
 */
final class UniqueClaims implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UniqueClaims.class);

    private final UniqueKeys keys;
    private final Duration pendingTimeout;
    private final ExecutorService writer;
    private final AtomicLong skipped = new AtomicLong();

    /** {@code keys} may be null: then a registration with a unique key makes its events fail. */
    UniqueClaims(UniqueKeys keys, Duration publishTimeout) {
        this.keys = keys;
        this.pendingTimeout = PendingKeys.timeout(publishTimeout);
        this.writer = keys == null ? null : Executors.newSingleThreadExecutor(Thread.ofPlatform()
                .name("ebats-scheduler-keys").daemon().factory());
    }

    /** Refuses a registry with a unique key when there is no key store, naming the first such registration. */
    static void requireKeys(EventManager events, UniqueKeys keys) {
        if (keys != null) {
            return;
        }
        events.registrations().stream().filter(r -> r.unique() != null).findFirst().ifPresent(r -> {
            throw noKeys(r);
        });
    }

    private static IllegalStateException noKeys(Registration r) {
        return new IllegalStateException("registration " + r.event() + " -> " + r.task() + " on " + r.topic()
                + " has unique key " + r.unique().text() + ", and the scheduler has no store to hold the keys: start"
                + " it with scheduler(events).uniqueKeys(historyStore)");
    }

    /** What a registration's key came to. {@code holder} is {@code taskId} when the task won the key. */
    record Claim(String key, String taskId, String holder) {

        boolean won() {
            return holder.equals(taskId);
        }
    }

    /**
     * Claims the keys of the registrations that have one, each with its task's id.
     *
     * @return per registration, null when it has no key
     * @throws IllegalArgumentException when a key's template does not fit the event's params; nothing is claimed
     * @throws IllegalStateException    when the store cannot be asked; the keys claimed so far are freed again
     */
    Claim[] claim(String event, List<Registration> registrations, String[] taskIds, byte[] body) {
        Claim[] claims = new Claim[registrations.size()];
        String[] resolved = resolve(event, registrations, body);
        if (resolved == null) {
            return claims;
        }
        for (int i = 0; i < claims.length; i++) {
            Registration r = registrations.get(i);
            if (resolved[i] == null) {
                continue;
            }
            if (keys == null) {
                throw noKeys(r);
            }
            String holder;
            try {
                holder = keys.claim(resolved[i], taskIds[i], r.unique().window(), pendingTimeout);
            } catch (RuntimeException e) {
                abandonWon(claims);
                throw new IllegalStateException("cannot claim the unique key of task " + r.task() + " on "
                        + r.topic() + ", nothing of the event was published: " + e.getMessage(), e);
            }
            claims[i] = new Claim(resolved[i], taskIds[i], holder);
            if (!claims[i].won()) {
                skipped.incrementAndGet();
                log.debug("event {}: task {} on {} not created, its unique key {} is held by task {}", event,
                        r.task(), r.topic(), resolved[i], holder);
            }
        }
        return claims;
    }

    /** Every key resolved before any is claimed, so that a key that does not fit claims nothing; null if none. */
    private static String[] resolve(String event, List<Registration> registrations, byte[] body) {
        String[] resolved = null;
        Map<String, Object> params = null;
        for (int i = 0; i < registrations.size(); i++) {
            Registration r = registrations.get(i);
            if (r.unique() == null) {
                continue;
            }
            if (resolved == null) {
                resolved = new String[registrations.size()];
            }
            if (params == null && r.unique().isTemplate()) {
                params = Json.readObject(body); // once per event, only for templates
            }
            resolved[i] = r.unique().resolve(r.task() + " of event " + event, params == null ? Map.of() : params);
        }
        return resolved;
    }

    /**
     * Marks the key queued once {@code confirmed} completes, or frees it when the publish failed.
     *
     * @return completes after the key's write, failed as {@code confirmed} when that failed
     */
    CompletableFuture<Void> afterPublish(Claim claim, CompletableFuture<Void> confirmed) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        confirmed.whenComplete((ok, error) -> writer.execute(() -> {
            if (error == null) {
                markQueued(claim);
                done.complete(null);
            } else {
                abandon(claim, error);
                done.completeExceptionally(error);
            }
        }));
        return done;
    }

    private void markQueued(Claim claim) {
        try {
            keys.queued(claim.key(), claim.taskId());
        } catch (RuntimeException e) {
            // the task is created: returning the event would publish it again. The key stays pending, taken over
            // after the pending timeout (or released when the task ends)
            log.warn("unique key {} of task {} could not be marked queued; it holds for {} only: {}", claim.key(),
                    claim.taskId(), pendingTimeout, e.getMessage());
        }
    }

    /** Frees the keys won by claims whose tasks will not be published; in the background. */
    void abandonWon(Claim[] claims) {
        for (Claim claim : claims) {
            if (claim != null && claim.won()) {
                writer.execute(() -> abandon(claim, null));
            }
        }
    }

    private void abandon(Claim claim, Throwable cause) {
        try {
            keys.abandon(claim.key(), claim.taskId());
        } catch (RuntimeException e) {
            // a redelivered event claims with the same task id; else the key is taken over after the pending timeout
            log.warn("unique key {} of task {} could not be freed{}: {}", claim.key(), claim.taskId(),
                    cause == null ? "" : " after its publish failed", e.getMessage());
        }
    }

    /** Tasks not created because another task held their key. */
    long skipped() {
        return skipped.get();
    }

    /** Lets the writes already handed over finish (bounded wait). */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("unique key writes still running at the scheduler's stop; their keys stay pending");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
