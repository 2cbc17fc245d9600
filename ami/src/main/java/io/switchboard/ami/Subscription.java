package io.switchboard.ami;

/**
 * A registered event listener with its own bounded queue. Closing it stops delivery (events already queued
 * are discarded) and is idempotent.
 */
public interface Subscription extends AutoCloseable {
    /** Current counters of this subscription. */
    SubscriptionStats stats();

    /** Whether the subscription still delivers (not closed, not failed by {@link OverflowPolicy#FAIL}). */
    boolean isActive();

    /** Stops delivery. */
    @Override
    void close();
}
