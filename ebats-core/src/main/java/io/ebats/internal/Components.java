package io.ebats.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components (workers, schedulers, consumers, monitors) started from one owner: each adds itself when it
 * has started and removes itself when it closes, and closing the owner closes those still open, newest first.
 * Thread-safe.
 */
public final class Components implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Components.class);

    private final Set<AutoCloseable> open = new LinkedHashSet<>();
    private boolean closed; // guarded by this

    /**
     * Refuses to start a component once the owner is closed.
     *
     * @throws IllegalStateException when the owner is closed
     */
    public synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this Ebats instance is closed");
        }
    }

    /**
     * Adds a component that has started.
     *
     * @throws IllegalStateException when the owner is closed; the caller then closes the component
     */
    public synchronized void add(AutoCloseable component) {
        requireOpen();
        open.add(component);
    }

    /** Removes a component that closed; nothing when it was not added. */
    public synchronized void remove(AutoCloseable component) {
        open.remove(component);
    }

    /** The components open now, oldest first. */
    synchronized List<AutoCloseable> open() {
        return List.copyOf(open);
    }

    /** Closes every open component, newest first, outside the lock: each removes itself as it closes. */
    @Override
    public void close() {
        List<AutoCloseable> newestFirst;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            newestFirst = new ArrayList<>(open);
        }
        Collections.reverse(newestFirst);
        for (AutoCloseable component : newestFirst) {
            try {
                component.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", component, e.toString());
            }
        }
    }
}
