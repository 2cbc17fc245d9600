package io.switchboard.ami.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates ActionIDs unique per client: {@code <prefix>-<counter in base 36>}. The default prefix is random,
 * because Asterisk broadcasts some ActionIDs (OriginateResponse, UserEvent) to every session, so IDs should not
 * collide with those of other clients on the same server.
 */
final class ActionIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    ActionIds(String prefix) {
        this.prefix = (prefix != null ? prefix : "sb" + Long.toString(RANDOM.nextLong() & 0xffffffffffL, 36)) + "-";
    }

    String next() {
        return prefix + Long.toString(counter.incrementAndGet(), 36);
    }
}
