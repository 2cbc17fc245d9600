package io.switchboard.ami;

/**
 * The connection ended before an action got its answer. {@link #outcome()} tells the caller what may have
 * happened on the server: {@link Outcome#NOT_SENT} means the action was never written, so retrying is safe;
 * {@link Outcome#UNKNOWN} means it was written and may have run.
 */
public class ConnectionLostException extends AmiException {
    /** What became of an action that was in flight when its connection ended. */
    public enum Outcome {
        /** The action was never written to the socket; the server cannot have run it. */
        NOT_SENT,
        /** The action was written but no answer came; the server may or may not have run it. */
        UNKNOWN
    }

    private final Outcome outcome;

    public ConnectionLostException(String message, Outcome outcome) {
        super(message + explain(outcome));
        this.outcome = outcome;
    }

    public ConnectionLostException(String message, Outcome outcome, Throwable cause) {
        super(message + explain(outcome), cause);
        this.outcome = outcome;
    }

    private static String explain(Outcome outcome) {
        return outcome == Outcome.NOT_SENT ? " [not sent: safe to retry]" : " [sent: it may have run]";
    }

    /** Whether the action was written before the connection ended. */
    public Outcome outcome() {
        return outcome;
    }
}
