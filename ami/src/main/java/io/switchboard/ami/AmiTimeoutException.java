package io.switchboard.ami;

/** An action got no complete answer before its deadline. The connection itself may still be fine. */
public class AmiTimeoutException extends AmiException {
    public AmiTimeoutException(String message) {
        super(message);
    }
}
