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

        /**
         * Appends {@code s} as UTF-8. Almost every value is ASCII: after a check of the characters, those are
         * copied in bulk by {@link String#getBytes(int, int, byte[], int)} (deprecated because it drops the high
         * byte of each char, which is exact for ASCII), with no allocation. Others are encoded by the JDK.
         */
        @SuppressWarnings("deprecation")
        void putString(String s) {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                if (s.charAt(i) >= 0x80) {
                    putBytes(s.getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            if (size + n > bytes.length) {
                grow(n);
            }
            s.getBytes(0, n, bytes, size);
            size += n;
        }

        private void putBytes(byte[] b) {
            if (size + b.length > bytes.length) {
                grow(b.length);
            }
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        private void grow(int extra) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
