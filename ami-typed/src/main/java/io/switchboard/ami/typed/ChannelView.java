package io.switchboard.ami.typed;

import io.switchboard.ami.Packet;

/** A prefixed channel block of an event: {@link ChannelSnapshot} with the prefix, nothing more. */
record ChannelView(Packet packet, String channelPrefix) implements ChannelSnapshot {
    @Override
    public String toString() {
        return "ChannelSnapshot{" + channelPrefix + ": " + channel() + ", " + uniqueid() + "}";
    }
}
