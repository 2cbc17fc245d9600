package io.switchboard.ami;

import java.util.Objects;

/**
 * An AMI event ({@code Event: Name} first line). Every event is delivered, whether or not a typed class exists
 * for it; {@link #name()} is the name exactly as the server spelled it ({@code Newexten}, not {@code NewExten}).
 */
public final class Event implements Message {
    private final Packet packet;

    /** Wraps a packet whose first header is {@code Event}. */
    public Event(Packet packet) {
        this.packet = Objects.requireNonNull(packet, "packet");
        if (packet.kind() != Packet.Kind.EVENT) {
            throw new IllegalArgumentException("not an event packet: " + packet);
        }
    }

    /** Builds an event from alternating keys and values after the name (handy in tests). */
    public static Event of(String name, String... keysAndValues) {
        Packet.Builder b = Packet.builder().add("Event", name);
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        for (int i = 0; i < keysAndValues.length; i += 2) {
            b.add(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Event(b.build());
    }

    @Override
    public Packet packet() {
        return packet;
    }

    /** The event name, as sent. */
    public String name() {
        return packet.name();
    }

    /** Whether this event has the given name, ignoring case. */
    public boolean is(String name) {
        return packet.valueEqualsIgnoreCase(0, name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && e.packet.equals(packet);
    }

    @Override
    public int hashCode() {
        return packet.hashCode();
    }

    @Override
    public String toString() {
        return "Event" + packet.toString().substring("Packet".length());
    }
}
