package io.ebats.internal;

import java.time.Duration;

/**
 * How long a unique key stays pending for a creator before another creator takes it as abandoned (its creator died
 * between the claim and the publish's confirm): the publish timeout and a margin for the writes around it. The
 * direct creator and the scheduler claim with the same timeout.
 */
public final class PendingKeys {

    /** Beyond the publish timeout, before a pending key is taken as abandoned. */
    public static final Duration MARGIN = Duration.ofMinutes(1);

    private PendingKeys() {
    }

    /** The pending timeout of a creator whose publishes wait {@code publishTimeout} for their confirm. */
    public static Duration timeout(Duration publishTimeout) {
        return publishTimeout.plus(MARGIN);
    }
}
