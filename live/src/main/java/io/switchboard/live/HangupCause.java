package io.switchboard.live;

/**
 * Why a channel ended: the Q.850 cause of its {@code Hangup} event, or {@link #UNKNOWN_CODE} when the channel
 * ended while the model was disconnected (its Hangup event was never seen).
 *
 * @param code Q.850 cause (16 normal clearing, 17 user busy, 34 congestion...), or -1 if unknown
 * @param text Asterisk's {@code Cause-txt}, or a description of why it is unknown
 */
public record HangupCause(int code, String text) {
    /** The code of a cause that was not observed. */
    public static final int UNKNOWN_CODE = -1;

    /** A channel that was found gone by a resync after a reconnect. */
    public static final HangupCause ENDED_WHILE_DISCONNECTED =
            new HangupCause(UNKNOWN_CODE, "ended while the connection to Asterisk was down");

    public HangupCause {
        text = text == null ? "" : text;
    }

    @Override
    public String toString() {
        return code == UNKNOWN_CODE ? text : code + " (" + text + ")";
    }
}
