package io.switchboard.cli;

/**
 * A failure a command reports as one line on stderr ({@code switchboard NAME: message}) and an exit code,
 * without a stack trace: no secret, connection refused, login refused, timeout.
 */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code for this failure. */
    int exitCode() {
        return exitCode;
    }
}
