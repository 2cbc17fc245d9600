package io.switchboard.gateway;

/**
 * A token bucket for call origination ({@code POST /calls}): a token may place {@code burst} calls at once and
 * then {@code perMinute} calls a minute; beyond that it gets 429 with {@code Retry-After}.
 *
 * @param perMinute refill rate, calls per minute (at least 1)
 * @param burst     bucket size (at least 1)
 */
public record RateLimit(int perMinute, int burst) {
    /** The default when the configuration names none: 60 a minute, bursts of 10. */
    public static final RateLimit DEFAULT = new RateLimit(60, 10);

    /** Validates. */
    public RateLimit {
        if (perMinute < 1) {
            throw new IllegalArgumentException("originateRate.perMinute must be at least 1");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("originateRate.burst must be at least 1");
        }
    }
}
