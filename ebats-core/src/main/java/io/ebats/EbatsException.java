package io.ebats;

/** Root of the unchecked exceptions ebats throws. */
public class EbatsException extends RuntimeException {

    public EbatsException(String message) {
        super(message);
    }

    public EbatsException(String message, Throwable cause) {
        super(message, cause);
    }
}
