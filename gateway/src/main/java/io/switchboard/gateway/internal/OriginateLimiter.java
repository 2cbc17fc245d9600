package io.switchboard.gateway.internal;

import io.switchboard.gateway.ApiToken;
import io.switchboard.gateway.RateLimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets for call origination, one per API token: the bucket starts full ({@code burst}), each call
 * takes one, and it refills continuously at {@code perMinute}. Keyed by the token's hash, so a token's calls
 * share one bucket however many connections it uses.
 */
public final class OriginateLimiter {
    private final RateLimit defaultLimit;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** With the gateway's default limit, on the system clock. */
    public OriginateLimiter(RateLimit defaultLimit) {
        this(defaultLimit, System::nanoTime);
    }

    /** With a clock, for tests. */
    public OriginateLimiter(RateLimit defaultLimit, LongSupplier nanoTime) {
        this.defaultLimit = defaultLimit;
        this.nanoTime = nanoTime;
    }

    /**
     * Takes one call from the token's bucket. Returns 0 when allowed, else the whole seconds to wait until the
     * next call would be (at least 1).
     */
    public long acquire(ApiToken token) {
        RateLimit limit = token.originateRate() != null ? token.originateRate() : defaultLimit;
        TokenBucket b = buckets.computeIfAbsent(token.sha256(),
                k -> new TokenBucket(limit.burst(), limit.perMinute(), nanoTime.getAsLong()));
        synchronized (b) {
            b.refill(nanoTime.getAsLong());
            if (b.hasToken()) {
                b.take();
                return 0;
            }
            return b.secondsUntilToken();
        }
    }
}
