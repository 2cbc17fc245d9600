package io.switchboard.live;

import io.switchboard.ami.AmiException;

/**
 * An operation was asked of a channel that no longer exists: it hung up (the model saw its Hangup, or a resync
 * found it gone), or Asterisk answered "No such channel" because it ended a moment before the action arrived.
 * Nothing was done.
 */
public class ChannelGoneException extends AmiException {
    private final String channelName;
    private final transient HangupCause cause;

    public ChannelGoneException(String channelName, HangupCause cause, String operation, Throwable serverAnswer) {
        super("cannot " + operation + " channel " + channelName + ": it is gone"
                + (cause == null ? "" : " (hangup cause " + cause + ")"), serverAnswer);
        this.channelName = channelName;
        this.cause = cause;
    }

    /** The name of the channel that is gone. */
    public String channelName() {
        return channelName;
    }

    /** Why it ended, if the model knows; null if Asterisk reported it missing before the model saw the hangup. */
    public HangupCause hangupCause() {
        return cause;
    }
}
