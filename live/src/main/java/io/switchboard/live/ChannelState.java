package io.switchboard.live;

/**
 * The state of a channel as Asterisk reports it ({@code ChannelState} / {@code ChannelStateDesc} of the channel
 * block). {@link #UNKNOWN} stands for codes this version does not know.
 */
public enum ChannelState {
    DOWN(0), RESERVED(1), OFF_HOOK(2), DIALING(3), RING(4), RINGING(5), UP(6), BUSY(7), DIALING_OFFHOOK(8),
    PRE_RING(9), MUTE(65536), UNKNOWN(-1);

    private final int code;

    ChannelState(int code) {
        this.code = code;
    }

    /** The numeric code Asterisk uses, or -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** The state for a numeric code; {@link #UNKNOWN} if the code is absent or not a known state. */
    public static ChannelState ofCode(String code) {
        if (code == null || code.isBlank()) {
            return UNKNOWN;
        }
        try {
            int n = Integer.parseInt(code.trim());
            for (ChannelState s : values()) {
                if (s.code == n) {
                    return s;
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        return UNKNOWN;
    }
}
