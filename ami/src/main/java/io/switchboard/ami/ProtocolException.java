package io.switchboard.ami;

/**
 * The server sent bytes that break the AMI framing or exceed a configured limit (line length, headers per
 * packet, packet size). The connection that produced them is closed; nothing partial is delivered.
 */
public class ProtocolException extends AmiException {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
