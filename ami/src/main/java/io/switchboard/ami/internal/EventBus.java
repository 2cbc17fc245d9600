package io.switchboard.ami.internal;

import io.switchboard.ami.Event;
import io.switchboard.ami.EventListener;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Subscription;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Fans events out from the reader thread to each matching subscription's own queue. The subscriber arrays are
 * copy-on-write ({@link Registry}): subscribing is rare, publishing is per event and walks a plain array.
 * Channel subscriptions are not in those arrays but in a {@link ChannelIndex}, looked up by the event's channel
 * names, so following thousands of channels does not add thousands of tests per event.
 * Subscriptions delivered in parallel by key ({@link KeyedSubscription}) have an array of their own, so the walk
 * over ordinary subscriptions stays one class of object.
 */
final class EventBus {
    /** Subscriptions by name or predicate: the ones every event is tested against. */
    private final Registry<EventSubscription> subscriptions = new Registry<>(new EventSubscription[0]);
    private final ChannelIndex channels = new ChannelIndex();
    /** Subscriptions delivered in parallel lanes by key; tested against every event, like the ones above. */
    private final Registry<KeyedSubscription> keyed = new Registry<>(new KeyedSubscription[0]);
    private final Executor executor;

    /**
     * A copy-on-write array: {@link #publish} reads the current one with one volatile read and walks it with no
     * iterator; subscribing and closing, rare next to events, replace it under the lock.
     */
    private static final class Registry<T> {
        private volatile T[] items;

        Registry(T[] empty) {
            items = empty;
        }

        T[] items() {
            return items;
        }

        synchronized void add(T item) {
            T[] next = Arrays.copyOf(items, items.length + 1);
            next[items.length] = item;
            items = next;
        }

        synchronized void remove(T item) {
            T[] old = items;
            T[] next = Arrays.copyOf(old, old.length);
            int n = 0;
            for (T t : old) {
                if (t != item) {
                    next[n++] = t;
                }
            }
            items = Arrays.copyOf(next, n);
        }
    }

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
                () -> subscriptions.remove(holder[0]));
        holder[0] = s;
        subscriptions.add(s);
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
                executor, () -> keyed.remove(holder[0]));
        holder[0] = s;
        keyed.add(s);
        return s;
    }

    /** How many channels or endpoints have subscriptions (for tests). */
    int channelKeyCount() {
        return channels.keyCount();
    }

    /**
     * Called on the reader thread for every event packet that is not a list item of a pending action. The
     * {@link Event} is made only when a subscription may want it: a client subscribed to a few event names does
     * not pay for the thousands of others a busy server sends. Returns whether any subscription took it.
     */
    boolean publish(Packet packet, long sequence) {
        Event event = null;
        boolean taken = false;
        for (EventSubscription s : subscriptions.items()) {
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
        for (KeyedSubscription k : keyed.items()) {
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
        for (Mailbox m : all()) {
            m.awaitDrained(end - System.nanoTime());
        }
    }

    /** Closes every subscription; returns how many queued events were discarded. */
    int closeAll() {
        int discarded = 0;
        for (Mailbox m : all()) {
            discarded += m.stats().queued();
            m.close();
        }
        return discarded;
    }

    /** Every subscription of every kind, as a list that closing them does not disturb. */
    private List<Mailbox> all() {
        List<Mailbox> all = new ArrayList<>(Arrays.asList(subscriptions.items()));
        all.addAll(channels.subscriptions());
        all.addAll(Arrays.asList(keyed.items()));
        return all;
    }
}
