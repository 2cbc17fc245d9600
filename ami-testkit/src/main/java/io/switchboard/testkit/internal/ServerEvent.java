package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;

import java.nio.charset.StandardCharsets;

/**
 * A broadcast event, formatted once (as Asterisk does, §8.1) and shared by every session's queue. The wire bytes
 * are what the sessions write; the text is what legacy regex filters run against (the whole formatted event,
 * CRLFs included).
 */
public final class ServerEvent {
    private final String name;
    private final int eventClass;
    private final byte[] wire;
    private volatile String text;

    private ServerEvent(String name, int eventClass, byte[] wire) {
        this.name = name;
        this.eventClass = eventClass;
        this.wire = wire;
    }

    /** An event from a packet; its class comes from the {@code Privilege} header. */
    public static ServerEvent of(Packet event) {
        return new ServerEvent(event.name(), Perms.privilegeClass(event.get("Privilege")), event.toWire());
    }

    /**
     * An event from already formatted wire bytes (each line CRLF-terminated, then an empty line). Used where
     * Asterisk copies client lines byte for byte (UserEvent).
     */
    public static ServerEvent ofWire(String name, int eventClass, byte[] wire) {
        return new ServerEvent(name, eventClass, wire);
    }

    /** The event name (value of the first header). */
    public String name() {
        return name;
    }

    /** The class bits from the Privilege header. */
    public int eventClass() {
        return eventClass;
    }

    /** The formatted bytes; callers must not modify them. */
    public byte[] wire() {
        return wire;
    }

    /** The formatted text, for filters. */
    public String text() {
        String t = text;
        if (t == null) {
            t = new String(wire, StandardCharsets.UTF_8);
            text = t;
        }
        return t;
    }
}
