package io.ebats.embedded;

/**
 * Thrown when the embedded broker cannot start: the port is taken, the data directory is in use by another
 * broker, or Qpid failed to open its store.
 */
public final class EmbeddedBrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EmbeddedBrokerException(String message) {
        super(message);
    }

    EmbeddedBrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
