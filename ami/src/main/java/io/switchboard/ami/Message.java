package io.switchboard.ami;

import java.util.List;

/**
 * Something received from Asterisk: an {@link Event} or a {@link Response}. Both are thin views over one
 * immutable {@link Packet}; every header the server sent stays readable, in order, with case-insensitive keys.
 */
public interface Message {
    /** The packet behind this message. */
    Packet packet();

    /** The value of the first header with this key (case-insensitive), or {@code null}. */
    default String get(String key) {
        return packet().get(key);
    }

    /** Every value of the headers with this key, in wire order. */
    default List<String> getAll(String key) {
        return packet().getAll(key);
    }

    /** Whether the header is present. */
    default boolean has(String key) {
        return packet().has(key);
    }

    /** All headers in wire order. */
    default List<Header> headers() {
        return packet().headers();
    }

    /** The ActionID header, or {@code null}. */
    default String actionId() {
        return packet().actionId();
    }
}
