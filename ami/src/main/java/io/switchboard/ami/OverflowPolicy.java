package io.switchboard.ami;

/**
 * What a subscription does when its bounded queue is full because its listener is slower than the event rate.
 * Whatever the choice, every overflow is counted in {@link SubscriptionStats} and logged, never silent.
 */
public enum OverflowPolicy {
    /**
     * The connection's reader waits for room (backpressure). Nothing is dropped, but a listener that stays
     * slow for long delays every subscription and, past Asterisk's write timeout, gets the session dropped.
     */
    BLOCK,
    /** The oldest queued event is discarded to make room; the newest always gets in. */
    DROP_OLDEST,
    /** The subscription is closed with an error; other subscriptions are unaffected. */
    FAIL
}
