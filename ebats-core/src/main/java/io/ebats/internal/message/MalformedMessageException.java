package io.ebats.internal.message;

/** A message that cannot be a task or an event; it goes to the dead-letter queue with this reason. */
public final class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super(message, null, false, false);
    }
}
