package io.switchboard.ami.typed;

import io.switchboard.ami.Packet;

/** A prefixed bridge block of an event: {@link BridgeSnapshot} with the prefix, nothing more. */
record BridgeView(Packet packet, String bridgePrefix) implements BridgeSnapshot {
    @Override
    public String toString() {
        return "BridgeSnapshot{" + bridgePrefix + ": " + bridgeUniqueid() + "}";
    }
}
