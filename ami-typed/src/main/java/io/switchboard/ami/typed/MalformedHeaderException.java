package io.switchboard.ami.typed;

import io.switchboard.ami.AmiException;

/**
 * A typed accessor found a value it cannot read as the documented type (a number that is not one, a boolean
 * that is neither yes nor no). Thrown by the accessor, never while decoding: the event itself is delivered
 * intact and the raw value stays readable with {@code get(header)}. Asterisk 22 never sends such values for
 * the headers we type; seeing one means a different server version or a module that misuses a header.
 */
public class MalformedHeaderException extends AmiException {
    private final String eventName;
    private final String header;
    private final String value;

    public MalformedHeaderException(String eventName, String header, String value, String expected) {
        super(eventName + " header '" + header + "' is not " + expected + ": '" + value + "'");
        this.eventName = eventName;
        this.header = header;
        this.value = value;
    }

    /** The name of the event that carried the value. */
    public String eventName() {
        return eventName;
    }

    /** The header key that was read. */
    public String header() {
        return header;
    }

    /** The raw value. */
    public String value() {
        return value;
    }
}
