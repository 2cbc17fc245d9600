package io.switchboard.gateway;

/**
 * How many wrong API tokens one remote address may present before the gateway stops checking its tokens: a token
 * bucket of {@code burst} failures refilled at {@code perMinute}. While an address's bucket is empty every request
 * from it is 429 with {@code Retry-After}, whatever token it carries (checking it would let a guesser learn when a
 * guess was right). Only requests that present a token that is not configured count; requests from other
 * addresses are unaffected.
 *
 * @param perMinute        failures forgiven per minute, per address (at least 1)
 * @param burst            failures allowed at once, per address (at least 1)
 * @param trackedAddresses most addresses remembered at once (at least 1): the table is bounded, the least
 *                         recently failing address is forgotten first
 */
public record AuthFailureLimit(int perMinute, int burst, int trackedAddresses) {
    /** The default when the configuration names none: 20 failures at once, then 10 a minute, 10,000 addresses. */
    public static final AuthFailureLimit DEFAULT = new AuthFailureLimit(10, 20, 10_000);
    /** Largest {@code trackedAddresses} accepted (about 100 bytes each). */
    public static final int MAX_TRACKED_ADDRESSES = 1_000_000;

    /** Validates. */
    public AuthFailureLimit {
        if (perMinute < 1) {
            throw new IllegalArgumentException("authFailureRate.perMinute must be at least 1");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("authFailureRate.burst must be at least 1");
        }
        if (trackedAddresses < 1 || trackedAddresses > MAX_TRACKED_ADDRESSES) {
            throw new IllegalArgumentException("authFailureRate.trackedAddresses must be between 1 and "
                    + MAX_TRACKED_ADDRESSES);
        }
    }
}
