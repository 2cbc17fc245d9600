package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.Header;

import java.nio.charset.StandardCharsets;

/**
 * Writes an action straight into a reusable byte buffer as {@code Key: Value\r\n} lines plus the empty line.
 * Values were validated (no CR/LF) when the action was built, so nothing here can break framing.
 */
final class ActionEncoder {
    private ActionEncoder() {
    }

    static void encode(Action action, String actionId, ByteBuf out) {
        line(out, "Action", action.name());
        if (actionId != null) {
            line(out, "ActionID", actionId);
        }
        for (Header h : action.headers()) {
            line(out, h.key(), h.value());
        }
        out.put((byte) '\r');
        out.put((byte) '\n');
    }

    private static void line(ByteBuf out, String key, String value) {
        out.putString(key);
        out.put((byte) ':');
        out.put((byte) ' ');
        out.putString(value);
        out.put((byte) '\r');
        out.put((byte) '\n');
    }

    /** A growable byte buffer that encodes ASCII without allocating. */
    static final class ByteBuf {
        byte[] bytes = new byte[8192];
        int size;

        void reset() {
            size = 0;
        }

        void put(byte b) {
            if (size == bytes.length) {
                grow(1);
            }
            bytes[size++] = b;
        }

        void putString(String s) {
            int n = s.length();
            if (size + n > bytes.length) {
                grow(n);
            }
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    // Non-ASCII: fall back to the JDK encoder for the rest of the string.
                    byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
                    if (size + rest.length > bytes.length) {
                        grow(rest.length);
                    }
                    System.arraycopy(rest, 0, bytes, size, rest.length);
                    size += rest.length;
                    return;
                }
                bytes[size++] = (byte) c;
            }
        }

        private void grow(int extra) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
