package io.switchboard.live;

import io.switchboard.ami.AmiException;
import io.switchboard.ami.Event;

/**
 * An originate ended without an answered channel. {@link #failure()} says why, from the {@code Reason} of the
 * {@code OriginateResponse} event: busy, congestion, no answer, hangup, or failed.
 */
public class OriginateException extends AmiException {
    private final OriginateFailure failure;
    private final int reasonCode;
    private final String channelId;
    private final transient Event response;

    public OriginateException(String dialString, String channelId, Event response) {
        super(message(dialString, response));
        this.response = response;
        this.channelId = channelId;
        String reason = response.get("Reason");
        this.failure = OriginateFailure.ofReason(reason);
        int code;
        try {
            code = Integer.parseInt(reason.trim());
        } catch (RuntimeException e) {
            code = -1;
        }
        this.reasonCode = code;
    }

    private static String message(String dialString, Event response) {
        String reason = response.get("Reason");
        return "originate to " + dialString + " failed: " + OriginateFailure.ofReason(reason)
                + " (Reason " + reason + ")";
    }

    /** Why it failed. */
    public OriginateFailure failure() {
        return failure;
    }

    /** The raw {@code Reason} code, -1 if absent. */
    public int reasonCode() {
        return reasonCode;
    }

    /** The ChannelId the originate used (also the Uniqueid the channel had, if one was created). */
    public String channelId() {
        return channelId;
    }

    /** The {@code OriginateResponse} event as Asterisk sent it. */
    public Event response() {
        return response;
    }
}
