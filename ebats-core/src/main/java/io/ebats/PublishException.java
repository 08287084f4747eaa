package io.ebats;

/**
 * A message was not confirmed by the broker: it was refused, could not be routed, the connection was lost
 * before the confirm arrived, or the confirm did not arrive within the configured bound. The message must be
 * treated as not published.
 */
public class PublishException extends EbatsException {

    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
