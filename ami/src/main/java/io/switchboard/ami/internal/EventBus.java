package io.switchboard.ami.internal;

import io.switchboard.ami.Event;
import io.switchboard.ami.EventListener;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Fans events out from the reader thread to each matching subscription's own queue. The subscriber list is
 * copy-on-write: subscribing is rare, publishing is per event, and publishing walks a plain array snapshot (no
 * iterator per event). Channel subscriptions are not in that list but in a {@link ChannelIndex}, looked up by
 * the event's channel names, so following thousands of channels does not add thousands of tests per event.
 * Subscriptions delivered in parallel by key ({@link KeyedSubscription}) have a list of their own, so the walk
 * over ordinary subscriptions stays one class of object.
 */
final class EventBus {
    /** Subscriptions by name or predicate: the ones every event is tested against. */
    private final CopyOnWriteArrayList<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ChannelIndex channels = new ChannelIndex();
    /** Subscriptions delivered in parallel lanes by key; tested against every event, like the list above. */
    private final CopyOnWriteArrayList<KeyedSubscription> keyed = new CopyOnWriteArrayList<>();
    private volatile KeyedSubscription[] keyedSnapshot = new KeyedSubscription[0];
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

    /**
     * A subscription to the events whose channel headers name one of {@code keys} (distinct, lower case, from
     * {@link ChannelNames#key}) as a full channel name or as its endpoint. Same mailbox as any subscription.
     */
    Subscription subscribeChannels(String[] keys, EventListener listener, int capacity, OverflowPolicy policy) {
        EventSubscription[] holder = new EventSubscription[1];
        // The filter is never asked: the index has matched the event before it is offered.
        EventSubscription s = new EventSubscription(null, e -> true, listener, capacity, policy, executor,
                () -> channels.remove(holder[0], keys));
        holder[0] = s;
        channels.add(s, keys);
        return s;
    }

    /**
     * A subscription delivered on up to {@code parallelism} threads, in wire order among events with equal
     * {@code orderKey} (see {@link KeyedSubscription}).
     */
    Subscription subscribeKeyed(Predicate<Event> filter, Function<? super Event, ?> orderKey, int parallelism,
                                EventListener listener, int capacity, OverflowPolicy policy) {
        KeyedSubscription[] holder = new KeyedSubscription[1];
        KeyedSubscription s = new KeyedSubscription(filter, orderKey, parallelism, listener, capacity, policy,
                executor, () -> removeKeyed(holder[0]));
        holder[0] = s;
        synchronized (keyed) {
            keyed.add(s);
            keyedSnapshot = keyed.toArray(new KeyedSubscription[0]);
        }
        return s;
    }

    private void removeKeyed(KeyedSubscription s) {
        synchronized (keyed) {
            keyed.remove(s);
            keyedSnapshot = keyed.toArray(new KeyedSubscription[0]);
        }
    }

    /** How many channels or endpoints have subscriptions (for tests). */
    int channelKeyCount() {
        return channels.keyCount();
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
        for (KeyedSubscription k : keyedSnapshot) {
            if (event == null) {
                event = new Event(packet, sequence);
            }
            if (k.matches(event)) {
                k.offer(event);
                taken = true;
            }
        }
        if (!channels.isEmpty()) {
            taken |= channels.offer(packet, event, sequence);
        }
        return taken;
    }

    /** Lets queued events reach their listeners, up to a deadline shared by all subscriptions. */
    void drain(long timeoutNanos) throws InterruptedException {
        long end = System.nanoTime() + timeoutNanos;
        for (EventSubscription s : all()) {
            s.awaitDrained(end - System.nanoTime());
        }
        for (KeyedSubscription k : List.copyOf(keyed)) {
            k.awaitDrained(end - System.nanoTime());
        }
    }

    private List<EventSubscription> all() {
        List<EventSubscription> all = new ArrayList<>(subscriptions);
        all.addAll(channels.subscriptions());
        return all;
    }

    /** Closes every subscription; returns how many queued events were discarded. */
    int closeAll() {
        int discarded = 0;
        for (EventSubscription s : all()) {
            discarded += s.stats().queued();
            s.close();
        }
        for (KeyedSubscription k : List.copyOf(keyed)) {
            discarded += k.stats().queued();
            k.close();
        }
        return discarded;
    }
}
