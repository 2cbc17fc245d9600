package io.switchboard.ami;

import java.util.Objects;

/**
 * An AMI event ({@code Event: Name} first line). Every event is delivered, whether or not a typed class exists
 * for it; {@link #name()} is the name exactly as the server spelled it ({@code Newexten}, not {@code NewExten}).
 */
public final class Event implements Message {
    private final Packet packet;
    private final long sequence;

    /** Wraps a packet whose first header is {@code Event} (sequence 0: not received by a client). */
    public Event(Packet packet) {
        this(packet, 0);
    }

    /** Wraps a packet received as the {@code sequence}-th packet of a client (see {@link #sequence()}). */
    public Event(Packet packet, long sequence) {
        this.packet = Objects.requireNonNull(packet, "packet");
        if (packet.kind() != Packet.Kind.EVENT) {
            throw new IllegalArgumentException("not an event packet: " + packet);
        }
        this.sequence = sequence;
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

    /**
     * Where this packet came in the client's receive order: 1 for the first packet (event or response) the client
     * read, increasing across reconnects; 0 for an event made in code. Comparing the sequence of an event with
     * that of a list's {@link EventList#complete()} tells whether the event came before or after the list.
     */
    public long sequence() {
        return sequence;
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
