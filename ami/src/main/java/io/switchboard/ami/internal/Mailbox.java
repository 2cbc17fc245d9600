package io.switchboard.ami.internal;

import io.switchboard.ami.Subscription;

/**
 * What the {@link EventBus} needs of every kind of subscription it holds (by name or predicate, by channel,
 * parallel by key) when the client closes: wait until what was queued has been delivered, then close.
 */
interface Mailbox extends Subscription {
    /** Waits until nothing is queued or being delivered, or {@code nanos} pass; false if time ran out. */
    boolean awaitDrained(long nanos) throws InterruptedException;
}
