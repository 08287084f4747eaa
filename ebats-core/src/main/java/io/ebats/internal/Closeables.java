package io.ebats.internal;

import org.slf4j.Logger;

/** Closing that must not fail the caller: a resource that is gone already, or fails to close, is only logged. */
public final class Closeables {

    private Closeables() {
    }

    /**
     * Closes {@code resource} (nothing when null), logging a failure at debug level as "closing {what} failed".
     * An interrupt that ends the close is kept as the thread's interrupt status.
     */
    public static void closeQuietly(AutoCloseable resource, Logger log, String what) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("closing {} failed: {}", what, e.toString());
        }
    }
}
