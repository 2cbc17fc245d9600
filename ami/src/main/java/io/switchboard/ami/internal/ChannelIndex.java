package io.switchboard.ami.internal;

import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The channel subscriptions of an {@link EventBus}, indexed by lower-cased channel name or endpoint, so that an
 * event costs one pass over each channel header value and two probes of a {@link ChannelTable} however many
 * channels are followed (a gateway following 2,000 calls), instead of one predicate per subscription.
 * Subscriptions here are not in the list the bus walks for every event.
 *
 * <p>The table is copy-on-write: subscribing and closing are rare next to events, and the reader thread reads the
 * current table with one volatile read and no lock. An empty index costs the reader that one read: the channel
 * headers are looked for only when some channel subscription exists.
 */
final class ChannelIndex {
    /** The headers holding channel names: {@code Channel} and every prefixed snapshot ({@code DestChannel}...). */
    private static final String CHANNEL_KEY_SUFFIX = "Channel";

    /** A subscription as filed under each of its keys (one object, so the stamp is shared by the keys). */
    private static final class Entry {
        final EventSubscription subscription;
        /** The last event this entry was offered, as a number of {@link #events}: one delivery per event. */
        long offeredAt;

        Entry(EventSubscription subscription) {
            this.subscription = subscription;
        }
    }

    private static final Entry[] NONE = new Entry[0];

    /** Immutable once published; replaced, under this object's lock, on every change. */
    private volatile ChannelTable<Entry[]> byKey = ChannelTable.empty();
    /**
     * Counts events that had channel headers looked up; stamps entries so a subscription whose channel is named
     * by several headers of one event (a DialBegin between two of alice's channels) gets it once. Atomic, so the
     * stamps stay unique even if publishing ever moves between threads.
     */
    private final AtomicLong events = new AtomicLong();

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    /**
     * Files {@code s} under each of {@code keys} (distinct, lower case, from {@link ChannelNames#key}). Copies the
     * table: O(keys in use), tens of microseconds at thousands of followed channels, paid by the subscriber.
     */
    synchronized void add(EventSubscription s, String[] keys) {
        Entry entry = new Entry(s);
        Map<String, Entry[]> next = byKey.toMap();
        for (String key : keys) {
            Entry[] old = next.getOrDefault(key, NONE);
            Entry[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = entry;
            next.put(key, grown);
        }
        byKey = ChannelTable.of(next); // never changed after this write: readers see a complete table
    }

    /** Removes {@code s} from under {@code keys}; a key left without subscriptions leaves the table. Idempotent. */
    synchronized void remove(EventSubscription s, String[] keys) {
        Map<String, Entry[]> next = byKey.toMap();
        for (String key : keys) {
            Entry[] old = next.get(key);
            if (old == null) {
                continue;
            }
            Entry[] kept = Arrays.stream(old).filter(e -> e.subscription != s).toArray(Entry[]::new);
            if (kept.length == 0) {
                next.remove(key);
            } else {
                next.put(key, kept);
            }
        }
        byKey = ChannelTable.of(next);
    }

    /** Every subscription in the index, once each (for draining and closing the bus). */
    List<EventSubscription> subscriptions() {
        Set<EventSubscription> all = new LinkedHashSet<>();
        for (Entry[] entries : byKey.values()) {
            for (Entry e : entries) {
                all.add(e.subscription);
            }
        }
        return new ArrayList<>(all);
    }

    /** How many distinct keys have subscriptions (for tests: closing everything empties the index). */
    int keyCount() {
        return byKey.size();
    }

    /**
     * Offers the event to every subscription one of its channel headers names, once each; {@code event} is the
     * packet's {@link Event} if the bus made one already, else null and made here on the first match. Called on
     * the reader thread; returns whether any subscription took the event.
     */
    boolean offer(Packet packet, Event event, long sequence) {
        ChannelTable<Entry[]> table = byKey;
        if (table.isEmpty()) {
            return false;
        }
        long stamp = 0;
        for (int i = 1; i < packet.size(); i++) { // header 0 is "Event"
            if (!packet.keyEndsWithIgnoreCase(i, CHANNEL_KEY_SUFFIX)) {
                continue;
            }
            String value = packet.value(i);
            if (value.isEmpty()) {
                continue;
            }
            long found = table.find(value); // the name and its endpoint, no lower-cased copy or substring
            if (found == ChannelTable.NOT_FOUND) {
                continue;
            }
            if (stamp == 0) {
                stamp = events.incrementAndGet();
                if (event == null) {
                    event = new Event(packet, sequence);
                }
            }
            deliver(table.byName(found), event, stamp);
            deliver(table.byEndpoint(found), event, stamp);
        }
        return stamp != 0;
    }

    private static void deliver(Entry[] entries, Event event, long stamp) {
        if (entries == null) {
            return;
        }
        for (Entry e : entries) {
            if (e.offeredAt != stamp) {
                e.offeredAt = stamp;
                e.subscription.offer(event);
            }
        }
    }
}
