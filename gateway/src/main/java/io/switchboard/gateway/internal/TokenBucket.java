package io.switchboard.gateway.internal;

/**
 * A token bucket on a nanosecond clock: it holds at most {@code capacity} tokens and refills continuously at
 * {@code perMinute}. The gateway's rate limits (calls per API token, wrong tokens per address) are such buckets.
 * Not thread-safe: each owner guards its buckets with its own lock.
 */
final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    /** A full bucket at time {@code now}. */
    TokenBucket(double capacity, double perMinute, long now) {
        this.capacity = capacity;
        this.perNano = perMinute / 60e9;
        this.tokens = capacity;
        this.last = now;
    }

    /** Adds what flowed in since the last call. */
    void refill(long now) {
        tokens = Math.min(capacity, tokens + Math.max(0, now - last) * perNano);
        last = now;
    }

    /** Whether a token is there to take. */
    boolean hasToken() {
        return tokens >= 1;
    }

    /** Whether the bucket is full again. */
    boolean isFull() {
        return tokens >= capacity;
    }

    /** Takes one token, or what is left of one (never below empty). */
    void take() {
        tokens = Math.max(0, tokens - 1);
    }

    /** Whole seconds until a token is there (at least 1); for Retry-After. */
    long secondsUntilToken() {
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
    }
}
