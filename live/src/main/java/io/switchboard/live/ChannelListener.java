package io.switchboard.live;

/**
 * Hears what happens to one channel (or to every channel, when registered on the server). Called on the live
 * model's notification thread, one call at a time, in the order the changes happened; a listener may call
 * back into the model and run actions (it delays only later notifications, never the event stream).
 */
public interface ChannelListener {
    /** The channel's state changed (e.g. RINGING to UP). {@code channel.snapshot()} may already be newer. */
    default void stateChanged(Channel channel, ChannelState from, ChannelState to) {
    }

    /** Any visible field changed (state, caller ID, dialplan location, bridge...). */
    default void changed(Channel channel, ChannelSnapshot from, ChannelSnapshot to) {
    }

    /** The channel hung up (or was found gone after a reconnect); it is the last call for this channel. */
    default void hungUp(Channel channel, HangupCause cause) {
    }
}
