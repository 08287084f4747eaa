package io.ebats.store;

import java.time.Instant;

/**
 * The row of a unique key in table {@code ebats_unique_key}.
 *
 * @param taskId    the task that holds the key
 * @param state     {@code PENDING} (claimed, the task not yet confirmed by the broker), {@code QUEUED} (queued,
 *                  delayed, running or retrying) or {@code SUCCEEDED} (held until {@code expiresAt})
 * @param claimedAt when the key was claimed
 * @param expiresAt when a succeeded key is free; null in the other states
 */
public record UniqueKeyHolder(String taskId, String state, Instant claimedAt, Instant expiresAt) {
}
