package io.switchboard.ami;

/**
 * Root of every failure the AMI client reports. Unchecked, so callers catch only what they can act on:
 * {@link ActionFailedException}, {@link AuthenticationException}, {@link ConnectionLostException},
 * {@link AmiTimeoutException} or {@link ProtocolException}.
 */
public class AmiException extends RuntimeException {
    public AmiException(String message) {
        super(message);
    }

    public AmiException(String message, Throwable cause) {
        super(message, cause);
    }
}
