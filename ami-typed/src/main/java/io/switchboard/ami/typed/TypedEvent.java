package io.switchboard.ami.typed;

import io.switchboard.ami.Event;
import io.switchboard.ami.Message;

import java.util.List;
import java.util.Optional;

/**
 * A typed view of an AMI {@link Event}: a generated class per documented event
 * ({@code io.switchboard.ami.typed.events}) or {@link UnknownEvent}. Views hold the event and nothing else;
 * every header, documented or not, stays readable through {@link #get(String)} and {@link #headers()}.
 * Get one with {@link TypedEvents#of(Event)}.
 *
 * <p>Accessors follow one convention: a {@code String} accessor returns {@code null} when the header is
 * absent; numeric and boolean accessors return an empty {@code Optional*} when it is absent or blank, and
 * throw {@link MalformedHeaderException} when the value cannot be read as the documented type.
 */
public interface TypedEvent extends Message {
    /** The event this is a view of. */
    Event event();

    /** The event name as the server spelled it. */
    default String name() {
        return event().name();
    }

    /** The class the event is documented with; for an {@link UnknownEvent}, read from its {@code Privilege}. */
    Optional<AuthClass> eventClass();

    /** The channel blocks this event carries, its own first; empty for events without channel blocks. */
    default List<ChannelSnapshot> channels() {
        return List.of();
    }

    /** The bridge blocks this event carries, its own first; empty for events without bridge blocks. */
    default List<BridgeSnapshot> bridges() {
        return List.of();
    }
}
