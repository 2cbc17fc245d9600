package io.switchboard.recorder;

/** The recorder or its query API could not do its work (database unreachable, bad URL, I/O failure). */
public class RecorderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecorderException(String message, Throwable cause) {
        super(message, cause);
    }
}
