package io.switchboard.ami.typed;

import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;

import java.util.Objects;
import java.util.Optional;

/**
 * An event Asterisk's docs do not describe ({@code QueueMember}, {@code Parkinglot}, {@code CCAvailable}, a
 * module's own events ...): still delivered, every header readable through {@link #get(String)}.
 */
public final class UnknownEvent implements TypedEvent {
    private final Event event;

    /** Wraps any event. */
    public UnknownEvent(Event event) {
        this.event = Objects.requireNonNull(event, "event");
    }

    @Override
    public Event event() {
        return event;
    }

    @Override
    public Packet packet() {
        return event.packet();
    }

    /** The first class of the {@code Privilege} header ({@code call,all} gives {@code CALL}), if any. */
    @Override
    public Optional<AuthClass> eventClass() {
        String privilege = event.get("Privilege");
        if (privilege == null) {
            return Optional.empty();
        }
        int comma = privilege.indexOf(',');
        return AuthClass.fromLabel(comma < 0 ? privilege : privilege.substring(0, comma));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownEvent other && other.event.equals(event);
    }

    @Override
    public int hashCode() {
        return event.hashCode();
    }

    @Override
    public String toString() {
        return "UnknownEvent" + event.toString().substring("Event".length());
    }
}
