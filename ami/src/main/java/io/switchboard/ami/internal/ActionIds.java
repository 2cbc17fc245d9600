package io.switchboard.ami.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates ActionIDs unique per client: {@code <prefix>-<counter in base 36>}. The default prefix is random,
 * because Asterisk broadcasts some ActionIDs (OriginateResponse, UserEvent) to every session, so IDs should not
 * collide with those of other clients on the same server.
 *
 * <p>One ID is made per action, so {@link #next} formats the counter straight into bytes after the prefix and
 * makes one String of them, instead of a String for the number and another for the concatenation.
 */
final class ActionIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Base-36 digits of a positive long: at most 13. */
    private static final int MAX_DIGITS = 13;
    private static final byte[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    private final String prefix;
    /** The prefix as Latin-1 bytes, or null if it has other characters (then {@link #next} concatenates). */
    private final byte[] prefixBytes;
    private final AtomicLong counter = new AtomicLong();

    ActionIds(String prefix) {
        this(prefix, 0);
    }

    /** Starts after {@code last}: for tests of long counters. */
    ActionIds(String prefix, long last) {
        this.counter.set(last);
        this.prefix = (prefix != null ? prefix : "sb" + Long.toString(RANDOM.nextLong() & 0xffffffffffL, 36)) + "-";
        this.prefixBytes = isLatin1(this.prefix) ? this.prefix.getBytes(StandardCharsets.ISO_8859_1) : null;
    }

    String next() {
        long n = counter.incrementAndGet();
        if (prefixBytes == null || n < 0) { // n < 0 only after 2^63 IDs, but stay exact
            return prefix + Long.toString(n, 36);
        }
        // Digits right to left at the end of the buffer, then the prefix just before them.
        byte[] buf = new byte[prefixBytes.length + MAX_DIGITS];
        int start = buf.length;
        do {
            buf[--start] = DIGITS[(int) (n % 36)];
            n /= 36;
        } while (n > 0);
        start -= prefixBytes.length;
        System.arraycopy(prefixBytes, 0, buf, start, prefixBytes.length);
        return new String(buf, start, buf.length - start, StandardCharsets.ISO_8859_1);
    }

    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }
}
