package io.switchboard.ami.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable hash table from channel keys (lower case, from {@link ChannelNames#key}) to values, made for one
 * question the reader thread asks for every channel header: which keys are this channel name, and its
 * {@linkplain ChannelNames#endpoint endpoint}? {@link #find} answers both in one pass over the header value,
 * without the lower-cased copy and the endpoint substring a {@code HashMap<String, ...>} would need.
 *
 * <p>Open addressing with linear probing, keys, their hashes and values in parallel arrays, at most half full so
 * a probe ends at an empty slot. A key's hash is its {@link String#hashCode}: the pass over an (ASCII) header
 * value folds each character to lower case as it goes, so its running hash at any position is the hash of the
 * lower-cased prefix, and the one at the endpoint's cut is the endpoint's. Values with a non-ASCII character
 * (rare: channel names are ASCII in practice) take the plain route: lower-case, cut, look up, exactly as
 * {@link ChannelNames} says.
 */
final class ChannelTable<V> {
    /** What {@link #find} returns when neither the name nor its endpoint is a key. */
    static final long NOT_FOUND = -1L;
    private static final int NO_SLOT = -1;
    /** 2^32 / golden ratio: spreads String hashes (weak in their low bits for similar names) over the slots. */
    private static final int SPREAD = 0x9E3779B9;
    private static final ChannelTable<Object> EMPTY = new ChannelTable<>(Map.of());

    private final String[] keys;
    private final int[] hashes;
    private final Object[] values;
    private final int size;
    private final int mask;
    /** 32 - log2(slots): the top bits of the spread hash pick the first slot. */
    private final int shift;

    private ChannelTable(Map<String, V> entries) {
        int slots = 2;
        while (slots < entries.size() * 2) {
            slots <<= 1;
        }
        keys = new String[slots];
        hashes = new int[slots];
        values = new Object[slots];
        mask = slots - 1;
        shift = 32 - Integer.numberOfTrailingZeros(slots);
        size = entries.size();
        entries.forEach((key, value) -> {
            if (key.isEmpty() || value == null) {
                throw new IllegalArgumentException("a channel key must be non-empty and have a value");
            }
            int h = key.hashCode();
            int i = firstSlot(h);
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            hashes[i] = h;
            values[i] = value;
        });
    }

    @SuppressWarnings("unchecked")
    static <V> ChannelTable<V> empty() {
        return (ChannelTable<V>) EMPTY;
    }

    /** A table of {@code entries}: distinct, non-empty, lower-case keys, non-null values. */
    static <V> ChannelTable<V> of(Map<String, V> entries) {
        return entries.isEmpty() ? empty() : new ChannelTable<>(entries);
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The entries as a new mutable map, to edit and make the next table from (copy-on-write). */
    @SuppressWarnings("unchecked")
    Map<String, V> toMap() {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                map.put(keys[i], (V) values[i]);
            }
        }
        return map;
    }

    /** Every value, in slot order. */
    @SuppressWarnings("unchecked")
    List<V> values() {
        List<V> all = new ArrayList<>(size);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                all.add((V) values[i]);
            }
        }
        return Collections.unmodifiableList(all);
    }

    /**
     * Looks up the channel name {@code channel} (any case) and its endpoint at once. Returns {@link #NOT_FOUND},
     * or the slots of both, to read with {@link #byName} and {@link #byEndpoint}: two ints in a long, so the
     * reader allocates nothing to get two answers.
     */
    long find(String channel) {
        int length = channel.length();
        int hash = 0;
        // The endpoint's end: the last dash, found in the same pass. A dash at 0 leaves cut at 0, i.e. no
        // endpoint, as in ChannelNames.endpoint. The last dash of all is also the last one before a trailing
        // ";1"/";2", which holds no dash, so that suffix needs no check here.
        int cut = 0;
        int cutHash = 0;
        for (int i = 0; i < length; i++) {
            int c = channel.charAt(i);
            if (c >= 0x80) {
                return findLowerCased(channel.toLowerCase(Locale.ROOT));
            }
            if (c == '-') {
                cut = i;
                cutHash = hash;
            }
            hash = 31 * hash + lowerAscii(c);
        }
        int name = slot(hash, channel, length);
        int endpoint = cut > 0 ? slot(cutHash, channel, cut) : NO_SLOT;
        return pack(name, endpoint);
    }

    /** The value under the channel name {@link #find} was given, or null. */
    @SuppressWarnings("unchecked")
    V byName(long found) {
        int slot = (int) (found >>> 32);
        return slot == NO_SLOT ? null : (V) values[slot];
    }

    /** The value under the endpoint of the channel name {@link #find} was given, or null. */
    @SuppressWarnings("unchecked")
    V byEndpoint(long found) {
        int slot = (int) found;
        return slot == NO_SLOT ? null : (V) values[slot];
    }

    /** The key {@link #byName} reads, or null (for tests). */
    String nameKey(long found) {
        int slot = (int) (found >>> 32);
        return slot == NO_SLOT ? null : keys[slot];
    }

    /** The key {@link #byEndpoint} reads, or null (for tests). */
    String endpointKey(long found) {
        int slot = (int) found;
        return slot == NO_SLOT ? null : keys[slot];
    }

    /**
     * The slot of the key equal to the first {@code length} characters of {@code channel} (all ASCII) folded to
     * lower case, whose hash is {@code hash}; or {@link #NO_SLOT}. Package-private for tests.
     */
    int slot(int hash, String channel, int length) {
        for (int i = firstSlot(hash); ; i = (i + 1) & mask) {
            String key = keys[i];
            if (key == null) {
                return NO_SLOT;
            }
            if (hashes[i] == hash && key.length() == length && equalsFolded(key, channel, length)) {
                return i;
            }
        }
    }

    /** The non-ASCII route: {@code lower} is already lower-cased, and its endpoint is cut as ChannelNames does. */
    private long findLowerCased(String lower) {
        String endpoint = ChannelNames.endpoint(lower);
        return pack(exactSlot(lower), endpoint == null ? NO_SLOT : exactSlot(endpoint));
    }

    private int exactSlot(String key) {
        int hash = key.hashCode();
        for (int i = firstSlot(hash); ; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) {
                return NO_SLOT;
            }
            if (hashes[i] == hash && k.equals(key)) {
                return i;
            }
        }
    }

    private int firstSlot(int hash) {
        return (hash * SPREAD) >>> shift;
    }

    /**
     * Whether {@code key} is {@code channel}'s first {@code length} characters with A-Z folded to a-z. Not
     * {@code regionMatches(true, ...)}: that folds Unicode too, so a key "pjsip/alıce" (dotless ı, upper case
     * I) would match "PJSIP/ALICE", which the lower-cased channel name "pjsip/alice" never equals.
     */
    private static boolean equalsFolded(String key, String channel, int length) {
        for (int i = 0; i < length; i++) {
            if (key.charAt(i) != lowerAscii(channel.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code c} (ASCII) in lower case, as {@code toLowerCase(Locale.ROOT)} would make it. */
    private static int lowerAscii(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    private static long pack(int nameSlot, int endpointSlot) {
        return (long) nameSlot << 32 | endpointSlot & 0xFFFF_FFFFL;
    }
}
