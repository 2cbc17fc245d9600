package io.switchboard.live;

/**
 * Hears the server-wide changes of the model. Called on the live model's notification thread, one call at a
 * time, in order; may call back into the model and send actions.
 */
public interface ServerListener extends ChannelListener {
    /** A channel appeared (Newchannel, or found by a resync). */
    default void channelAdded(Channel channel) {
    }

    /** The connection to Asterisk was lost: the model is stale until {@link #resynced}. */
    default void disconnected() {
    }

    /** The model was rebuilt from list actions (after a reconnect, or on request). */
    default void resynced(ResyncReport report) {
    }

    /** A call was parked (or a resync found it parked: it was parked while the model heard no events). */
    default void parked(ParkedCall call) {
    }

    /**
     * A parked call left its space (picked up, gave up, timed out), or a resync found it gone from there.
     */
    default void unparked(ParkedCall call) {
    }
}
