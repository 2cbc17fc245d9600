package io.switchboard.live;

/**
 * Why an originate did not lead to an answered channel: the {@code Reason} code of Asterisk's
 * {@code OriginateResponse} (the control frame that ended the outgoing call attempt).
 */
public enum OriginateFailure {
    /** 0: the call failed without a more precise reason (no such extension, channel unavailable, hangup). */
    FAILED(0),
    /** 1: the far end hung up before answering. */
    HANGUP(1),
    /** 3: it rang until the originate timeout: no answer. */
    NO_ANSWER(3),
    /** 5: busy. */
    BUSY(5),
    /** 8: congestion. */
    CONGESTION(8),
    /** A code this version does not know, or a failure with no code (see the exception message). */
    OTHER(-1);

    private final int reason;

    OriginateFailure(int reason) {
        this.reason = reason;
    }

    /** The {@code Reason} code, -1 for {@link #OTHER}. */
    public int reasonCode() {
        return reason;
    }

    /** The failure for a {@code Reason} header value. */
    public static OriginateFailure ofReason(String reason) {
        try {
            int n = Integer.parseInt(reason.trim());
            for (OriginateFailure f : values()) {
                if (f.reason == n) {
                    return f;
                }
            }
        } catch (RuntimeException e) {
            // null or not a number
        }
        return OTHER;
    }
}
