package io.switchboard.ami.internal;

import io.switchboard.ami.Event;
import io.switchboard.ami.EventListener;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.SubscriptionStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A subscription delivered on several threads at once without losing the order that matters: events are spread
 * over a fixed number of lanes by the hash of their key (e.g. a call's Linkedid), and each lane is an ordinary
 * {@link EventSubscription} mailbox, drained by at most one thread at a time. Events with equal keys always take
 * the same lane, so they reach the listener one at a time and in wire order; events of other lanes run in
 * parallel. Lanes rather than one queue per key: memory stays bounded however many keys a busy server produces,
 * at the price that two keys sharing a lane wait for each other.
 *
 * <p>The filter and the key function run once per event, on the reader thread. Every lane has the full queue
 * capacity and the overflow policy applies per lane; a lane that fails ({@link OverflowPolicy#FAIL}) closes the
 * whole subscription, since a listener that misses one call's events cannot trust the others.
 */
final class KeyedSubscription implements Mailbox {
    private static final Logger LOG = LoggerFactory.getLogger(KeyedSubscription.class);

    private final Predicate<Event> filter;
    private final Function<? super Event, ?> orderKey;
    private final EventSubscription[] lanes;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    KeyedSubscription(Predicate<Event> filter, Function<? super Event, ?> orderKey, int parallelism,
                      EventListener listener, int capacity, OverflowPolicy policy, Executor executor,
                      Runnable onClose) {
        this.filter = filter;
        this.orderKey = orderKey;
        this.onClose = onClose;
        this.lanes = new EventSubscription[parallelism];
        for (int i = 0; i < parallelism; i++) {
            // The lanes never filter: this subscription has, once, before it picks the lane.
            lanes[i] = new EventSubscription(null, e -> true, listener, capacity, policy, executor, this::close);
        }
    }

    /** Whether the subscription wants the event (see {@link EventSubscription#accepts}). */
    boolean matches(Event event) {
        return EventSubscription.accepts(filter, event);
    }

    /** Queues the event on its key's lane (reader thread; may block under BLOCK like any subscription). */
    void offer(Event event) {
        lanes[lane(event)].offer(event);
    }

    /**
     * The lane of an event's key. A null key is a key like any other (lane of hash 0); a key function that
     * throws is logged and the event goes that way too, so it is delivered rather than lost.
     */
    int lane(Event event) {
        if (lanes.length == 1) {
            return 0;
        }
        Object key;
        try {
            key = orderKey.apply(event);
        } catch (RuntimeException e) {
            LOG.warn("Subscription order key threw on {}; delivered in the lane of events without a key",
                    event.name(), e);
            key = null;
        }
        int h = key == null ? 0 : key.hashCode();
        h ^= h >>> 16; // String hashes of similar ids differ mostly in their low bits; keep the high ones too
        return (h & Integer.MAX_VALUE) % lanes.length;
    }

    /** Waits until every lane is empty and idle, or the time is up; false if it was. */
    @Override
    public boolean awaitDrained(long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        for (EventSubscription lane : lanes) {
            if (!lane.awaitDrained(end - System.nanoTime())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public SubscriptionStats stats() {
        long queued = 0;
        long delivered = 0;
        long dropped = 0;
        int maxQueued = 0;
        for (EventSubscription lane : lanes) {
            SubscriptionStats s = lane.stats();
            queued += s.queued();
            delivered += s.delivered();
            dropped += s.dropped();
            maxQueued = Math.max(maxQueued, s.maxQueued());
        }
        return new SubscriptionStats((int) Math.min(queued, Integer.MAX_VALUE), delivered, dropped, maxQueued);
    }

    @Override
    public boolean isActive() {
        return !closed.get();
    }

    /** Closes every lane (dropping what they hold) and leaves the bus. Idempotent; also called by a failed lane. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (EventSubscription lane : lanes) {
            lane.close(); // a lane's own onClose comes back here and returns at once
        }
        onClose.run();
    }
}
