package io.switchboard.ami.internal;

import io.switchboard.ami.Event;
import io.switchboard.ami.EventListener;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Subscription;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Fans events out from the reader thread to each matching subscription's own queue. The subscriber list is
 * copy-on-write: subscribing is rare, publishing is per event, and publishing walks a plain array snapshot (no
 * iterator per event).
 */
final class EventBus {
    private final CopyOnWriteArrayList<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();
    /** {@link #subscriptions} as an array, replaced whenever it changes; what {@link #publish} reads. */
    private volatile EventSubscription[] snapshot = new EventSubscription[0];
    private final Executor executor;

    EventBus(Executor executor) {
        this.executor = executor;
    }

    Subscription subscribe(Predicate<Event> filter, EventListener listener, int capacity, OverflowPolicy policy) {
        return subscribe(null, filter, listener, capacity, policy);
    }

    /**
     * A subscription; {@code names} (lower case), when not null, are the only event names {@code filter} accepts:
     * {@link #publish} then tests the packet's name itself, without building an {@link Event}.
     */
    Subscription subscribe(String[] names, Predicate<Event> filter, EventListener listener, int capacity,
                           OverflowPolicy policy) {
        EventSubscription[] holder = new EventSubscription[1];
        EventSubscription s = new EventSubscription(names, filter, listener, capacity, policy, executor,
                () -> remove(holder[0]));
        holder[0] = s;
        synchronized (subscriptions) {
            subscriptions.add(s);
            snapshot = subscriptions.toArray(new EventSubscription[0]);
        }
        return s;
    }

    private void remove(EventSubscription s) {
        synchronized (subscriptions) {
            subscriptions.remove(s);
            snapshot = subscriptions.toArray(new EventSubscription[0]);
        }
    }

    /**
     * Called on the reader thread for every event packet that is not a list item of a pending action. The
     * {@link Event} is made only when a subscription may want it: a client subscribed to a few event names does
     * not pay for the thousands of others a busy server sends. Returns whether any subscription took it.
     */
    boolean publish(Packet packet, long sequence) {
        Event event = null;
        boolean taken = false;
        for (EventSubscription s : snapshot) {
            if (!s.mayMatch(packet)) {
                continue;
            }
            if (event == null) {
                event = new Event(packet, sequence);
            }
            if (s.matches(event)) {
                s.offer(event);
                taken = true;
            }
        }
        return taken;
    }

    /** Lets queued events reach their listeners, up to a deadline shared by all subscriptions. */
    void drain(long timeoutNanos) throws InterruptedException {
        long end = System.nanoTime() + timeoutNanos;
        for (EventSubscription s : List.copyOf(subscriptions)) {
            s.awaitDrained(end - System.nanoTime());
        }
    }

    /** Closes every subscription; returns how many queued events were discarded. */
    int closeAll() {
        int discarded = 0;
        for (EventSubscription s : List.copyOf(subscriptions)) {
            discarded += s.stats().queued();
            s.close();
        }
        return discarded;
    }
}
