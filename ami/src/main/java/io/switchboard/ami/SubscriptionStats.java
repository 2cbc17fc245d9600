package io.switchboard.ami;

/**
 * Counters of one subscription, read at a moment in time.
 *
 * @param queued    events waiting in the subscription's queue now
 * @param delivered events handed to the listener so far
 * @param dropped   events discarded by the overflow policy
 * @param maxQueued the largest queue length seen (how far the listener fell behind)
 */
public record SubscriptionStats(int queued, long delivered, long dropped, int maxQueued) {
}
